import { createHmac, timingSafeEqual } from 'node:crypto';
import { globToRegExp } from '../../model/selectors.js';

/** One key line of a known_hosts file (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"). */
interface KnownHostLine {
  marker?: '@revoked' | '@cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
}

function parseLine(line: string): KnownHostLine | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length === 0 || fields[0] === '' || fields[0]?.startsWith('#')) return undefined;
  const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields[0] : undefined;
  const [patterns, keyType, key] = marker === undefined ? fields : fields.slice(1);
  if (patterns === undefined || keyType === undefined || key === undefined) return undefined;
  return { ...(marker !== undefined && { marker }), patterns, keyType, key: Buffer.from(key, 'base64') };
}

/** `host` for port 22, `[host]:port` otherwise: the name known_hosts files use. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `*` and `?` as in ssh_config(5) PATTERNS. */
function globMatches(pattern: string, name: string): boolean {
  return globToRegExp(pattern, 'i', { anyOneCharacter: true }).test(name);
}

/** A hashed entry, `|1|salt|hash`: HMAC-SHA1 of the name keyed by the salt (HashKnownHosts). */
function hashedMatches(entry: string, name: string): boolean {
  const [, kind, salt, hash] = entry.split('|');
  if (kind !== '1' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a line's comma-separated patterns name the host: any positive match and no negated one. */
function namesHost(patterns: string, name: string): boolean {
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('|')) {
      if (hashedMatches(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) matched = true;
  }
  return matched;
}

export type HostKeyVerdict =
  | { verdict: 'known' }
  | { verdict: 'unknown' }
  /** The host is known with other keys: the one offered is not among them. */
  | { verdict: 'changed'; knownTypes: string[] }
  | { verdict: 'revoked' };

/**
 * The known_hosts lines about a host, for its key types (so that the
 * handshake asks for a key the files hold) and for the verdict on a key.
 * Certificate authorities are not followed: a host known only through one
 * is unknown here.
 */
export class KnownHosts {
  readonly #lines: KnownHostLine[];

  constructor(
    texts: readonly string[],
    readonly name: string,
  ) {
    this.#lines = texts
      .flatMap((text) => text.split('\n'))
      .flatMap((line) => {
        const parsed = parseLine(line);
        return parsed && namesHost(parsed.patterns, name) ? [parsed] : [];
      });
  }

  /** The key types the files hold for this host, in file order. */
  keyTypes(): string[] {
    return [...new Set(this.#lines.filter((line) => line.marker === undefined).map((line) => line.keyType))];
  }

  judge(key: Buffer): HostKeyVerdict {
    if (this.#lines.some((line) => line.marker === '@revoked' && line.key.equals(key))) return { verdict: 'revoked' };
    const plain = this.#lines.filter((line) => line.marker === undefined);
    if (plain.some((line) => line.key.equals(key))) return { verdict: 'known' };
    return plain.length === 0 ? { verdict: 'unknown' } : { verdict: 'changed', knownTypes: this.keyTypes() };
  }
}
