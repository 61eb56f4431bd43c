import type { MountSpec } from '../../model/container-spec.js';

/** What one `--mount` value describes: a bind or volume mount, or a tmpfs at a destination. */
export interface ParsedMount {
  mount?: MountSpec;
  tmpfsOptions?: string[];
  destination: string;
}

/**
 * `--mount type=bind,source=/x,target=/y,readonly,bind-propagation=rshared`,
 * with the aliases the docker CLI accepts (src, dst, destination, ro), from
 * the docker CLI reference ("Add bind mounts or volumes using the --mount
 * flag") and docker/cli opts/mount.go.
 */
export function parseMount(value: string): ParsedMount | undefined {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const [key = '', ...rest] = part.split('=');
    fields.set(key.trim().toLowerCase(), rest.join('=').trim());
  }
  const type = fields.get('type') ?? 'volume';
  const destination = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  if (destination === '') return undefined;
  if (type === 'tmpfs') return { tmpfsOptions: [], destination };
  if (type !== 'bind' && type !== 'volume') return undefined;
  const readonlyValue = fields.get('readonly') ?? fields.get('ro');
  const source = fields.get('source') ?? fields.get('src');
  const propagation = fields.get('bind-propagation');
  return {
    destination,
    mount: {
      type,
      ...(source !== undefined && { source }),
      destination,
      readOnly: readonlyValue !== undefined && readonlyValue !== 'false' && readonlyValue !== '0',
      ...(propagation && { propagation }),
    },
  };
}
