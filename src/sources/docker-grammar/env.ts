import type { EnvVar } from '../../model/container-spec.js';

/**
 * `NAME=value` as `-e`, Config.Env and a Swarm ContainerSpec.Env hold it
 * (docker CLI reference, "Set environment variables"). `NAME` alone passes
 * the caller's value through: unknown here, so it has no value.
 */
export function parseEnv(entry: string): EnvVar {
  const equals = entry.indexOf('=');
  return equals === -1 ? { name: entry } : { name: entry.slice(0, equals), value: entry.slice(equals + 1) };
}

/** `KEY=value` for --sysctl and --label: the value is everything after the first `=`, empty when there is none. */
export function parseKeyValue(entry: string): [key: string, value: string] {
  const [key = '', value = ''] = entry.split(/=(.*)/);
  return [key, value];
}
