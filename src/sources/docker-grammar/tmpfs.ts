import type { TmpfsMount } from '../../model/container-spec.js';

/**
 * `--tmpfs /run[:options]` and Compose's `tmpfs` (docker CLI reference,
 * "Mount tmpfs"): the options are the mount(8) options, comma-separated,
 * after the first colon.
 */
export function parseTmpfs(value: string): TmpfsMount {
  const [destination = '', options = ''] = value.split(/:(.*)/);
  return { destination, options: splitTmpfsOptions(options) };
}

/** HostConfig.Tmpfs keeps a destination's options as one comma-separated string. */
export function splitTmpfsOptions(options: string): string[] {
  return options ? options.split(',') : [];
}
