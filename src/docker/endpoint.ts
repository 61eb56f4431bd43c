import { sha256 } from '../crypto/sha256.js';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  verify: boolean;
}

export interface Endpoint {
  /** As a user writes it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  url: string;
  /** How it was chosen, for messages: `--host`, `DOCKER_HOST`, `context "prod"`, `default`. */
  origin: string;
  socketPath?: string;
  protocol?: 'http' | 'https' | 'ssh';
  host?: string;
  port?: number;
  username?: string;
  tls?: TlsMaterial;
}

export interface EndpointInputs {
  hostFlag?: string;
  env: NodeJS.ProcessEnv;
  /** Reads a file or returns undefined when it does not exist. */
  readOptional?: (path: string) => Buffer | undefined;
  home?: string;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

function readOptionalFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function tlsFrom(directory: string, verify: boolean, read: (path: string) => Buffer | undefined): TlsMaterial {
  const material: TlsMaterial = { verify };
  const ca = read(join(directory, 'ca.pem'));
  const cert = read(join(directory, 'cert.pem'));
  const key = read(join(directory, 'key.pem'));
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return material;
}

/**
 * The URL as reports and messages may show it: a password in it (which the
 * docker CLI would not use anyway) is replaced, so it cannot reach any output.
 */
function shownUrl(parsed: URL): string {
  if (parsed.password === '') return parsed.href.replace(/\/$/, '');
  const copy = new URL(parsed.href);
  copy.password = 'redacted';
  return copy.href.replace(/\/$/, '');
}

export function parseHostUrl(address: string, origin: string, tls?: TlsMaterial): Endpoint {
  if (address.startsWith('unix://')) {
    return { url: address, origin, socketPath: address.slice('unix://'.length) || '/var/run/docker.sock' };
  }
  if (address.startsWith('npipe://')) return { url: address, origin, socketPath: address.slice('npipe://'.length) };
  let parsed: URL;
  try {
    parsed = new URL(address);
  } catch {
    // Not echoed: a malformed address may still carry a password.
    throw new UsageError(`${origin}: not a Docker host address (use unix:///path, tcp://host:port or ssh://user@host)`);
  }
  const url = shownUrl(parsed);
  if (parsed.protocol === 'ssh:') {
    return {
      url,
      origin,
      protocol: 'ssh',
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    };
  }
  if (parsed.protocol !== 'tcp:' && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`${origin}: unsupported scheme "${parsed.protocol}" in "${url}" (use unix://, tcp:// or ssh://)`);
  }
  const secure = tls !== undefined || parsed.protocol === 'https:';
  return {
    url,
    origin,
    protocol: secure ? 'https' : 'http',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || (secure ? 2376 : 2375)),
    ...(tls && { tls }),
  };
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/**
 * Resolves which engine to talk to the way the docker CLI does
 * (cli/command/cli.go resolveContextName): `--host`, then DOCKER_HOST, then
 * DOCKER_CONTEXT, then `currentContext` in config.json, then the default
 * socket. Context metadata lives in contexts/meta/<sha256 of name>/meta.json
 * under the config directory (DOCKER_CONFIG or ~/.docker), TLS files in
 * contexts/tls/<sha256 of name>/docker/.
 */
export function resolveEndpoint({ hostFlag, env, readOptional = readOptionalFile, home = homedir() }: EndpointInputs): Endpoint {
  const configDir = env['DOCKER_CONFIG'] || join(home, '.docker');
  const envTls = (): TlsMaterial | undefined =>
    env['DOCKER_TLS_VERIFY'] ? tlsFrom(env['DOCKER_CERT_PATH'] || configDir, true, readOptional) : undefined;

  if (hostFlag) return parseHostUrl(hostFlag, '--host', envTls());
  if (env['DOCKER_HOST']) return parseHostUrl(env['DOCKER_HOST'], 'DOCKER_HOST', envTls());

  let contextName = env['DOCKER_CONTEXT'];
  let contextOrigin = 'DOCKER_CONTEXT';
  if (!contextName) {
    const config = readOptional(join(configDir, 'config.json'));
    if (config) {
      try {
        contextName = (JSON.parse(config.toString('utf8')) as { currentContext?: string }).currentContext;
        contextOrigin = `currentContext in ${join(configDir, 'config.json')}`;
      } catch {
        throw new UsageError(`${join(configDir, 'config.json')}: not valid JSON`);
      }
    }
  }
  if (!contextName || contextName === 'default') return parseHostUrl(DEFAULT_SOCKET, 'default');

  const digest = sha256(contextName, 'hex');
  const metaPath = join(configDir, 'contexts', 'meta', digest, 'meta.json');
  const meta = readOptional(metaPath);
  if (!meta) throw new UsageError(`docker context "${contextName}" (from ${contextOrigin}) does not exist: no ${metaPath}`);
  let docker: NonNullable<ContextMeta['Endpoints']>['docker'];
  try {
    docker = (JSON.parse(meta.toString('utf8')) as ContextMeta).Endpoints?.docker;
  } catch {
    throw new UsageError(`${metaPath}: not valid JSON`);
  }
  if (!docker?.Host) throw new UsageError(`docker context "${contextName}" has no Docker endpoint (${metaPath})`);
  const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
  const tls = tlsFrom(tlsDir, docker.SkipTLSVerify !== true, readOptional);
  const hasTls = tls.ca !== undefined || tls.cert !== undefined;
  return parseHostUrl(docker.Host, `context "${contextName}"`, hasTls ? tls : undefined);
}
