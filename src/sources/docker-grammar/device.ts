import type { DeviceMapping } from '../../model/container-spec.js';

/** Cgroup permissions a device gets when none are given: docker CLI opts/parse.go ParseDevice. */
export const DEFAULT_DEVICE_PERMISSIONS = 'rwm';

/**
 * `--device /dev/host[:/dev/container][:permissions]`, Compose's short
 * `devices` syntax too (docker CLI reference, "Add host device to container").
 */
export function parseDevice(value: string): DeviceMapping {
  const [pathOnHost = '', pathInContainer = pathOnHost, permissions = DEFAULT_DEVICE_PERMISSIONS] = value.split(':');
  return { pathOnHost, pathInContainer, permissions };
}
