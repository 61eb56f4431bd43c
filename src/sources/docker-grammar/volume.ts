import type { MountSpec } from '../../model/container-spec.js';
import { namesEngineSocket } from '../../model/host-paths.js';

/** Bind propagation modes, from the docker CLI reference (docker container run, "Bind propagation"). */
export const PROPAGATIONS: ReadonlySet<string> = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/**
 * `-v source:destination[:options]` (docker CLI reference, "Mount volume";
 * moby volume/mounts linux_parser.go). A source that starts with / (or ., ~
 * in Compose) is a host path; anything else names a volume. `sourceKnown`
 * false: an expansion the shell would fill in at run time, so the source is
 * left out and the mount counts as a bind, unless it ends in an engine
 * socket's name (`$XDG_RUNTIME_DIR/docker.sock`): whatever the expansion,
 * that is the engine's API, so the source is kept as written.
 */
export function parseVolume(value: string, sourceKnown: boolean): MountSpec | undefined {
  const parts = value.split(':');
  if (parts.length === 1) return { type: 'volume', destination: parts[0] ?? '', readOnly: false };
  const [source = '', destination = '', options = ''] = parts;
  const flags = options.split(',').filter(Boolean);
  const propagation = flags.find((flag) => PROPAGATIONS.has(flag));
  const socket = namesEngineSocket(source);
  const isPath = /^[/.~]/.test(source) || socket;
  return {
    type: isPath || !sourceKnown ? 'bind' : 'volume',
    ...((sourceKnown || socket) && { source }),
    destination,
    readOnly: flags.includes('ro') || flags.includes('readonly'),
    ...(propagation && { propagation }),
  };
}

/**
 * `--volumes-from container[:ro|:rw]` and HostConfig.VolumesFrom (docker CLI
 * reference, "Mount volumes from container"): the container's mounts, made
 * read-only by `ro`; without a mode they keep their own.
 */
export function parseVolumesFrom(entry: string): { container: string; readOnly: boolean } {
  const [container = '', mode] = entry.split(':');
  return { container, readOnly: mode === 'ro' };
}
