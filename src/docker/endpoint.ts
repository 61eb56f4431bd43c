import { sha256 } from '../crypto/sha256.js';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, normalize } from 'node:path';
import { errorMessage, UsageError } from '../errors.js';
import { shownUrl } from '../model/shown-url.js';

export interface TlsMaterial {
  /** The folder the files were read from, for messages. */
  directory: string;
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

/** A file of the docker CLI's configuration, undefined when it does not exist; one that cannot be read is a usage error naming it. */
function readOptionalFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') return undefined;
    throw new UsageError(`${path}: cannot read it (${code ?? errorMessage(error)})`);
  }
}

function tlsFrom(directory: string, verify: boolean, read: (path: string) => Buffer | undefined): TlsMaterial {
  const material: TlsMaterial = { directory, verify };
  const ca = read(join(directory, 'ca.pem'));
  const cert = read(join(directory, 'cert.pem'));
  const key = read(join(directory, 'key.pem'));
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return material;
}

export function parseHostUrl(address: string, origin: string, tls?: TlsMaterial): Endpoint {
  if (address.startsWith('unix://')) {
    // Normalised, so that one socket named two ways is one engine.
    const socketPath = normalize(address.slice('unix://'.length) || '/var/run/docker.sock');
    return { url: `unix://${socketPath}`, origin, socketPath };
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
      // Without one in the URL, ~/.ssh/config's Port applies, then 22.
      ...(parsed.port !== '' && { port: Number(parsed.port) }),
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
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: boolean } };
}

/** Where the docker CLI keeps its configuration and contexts, and how to read its files. */
interface DockerConfig {
  dir: string;
  read: (path: string) => Buffer | undefined;
  env: NodeJS.ProcessEnv;
}

function dockerConfig({ env, readOptional = readOptionalFile, home = homedir() }: EndpointInputs): DockerConfig {
  return { dir: env['DOCKER_CONFIG'] || join(home, '.docker'), read: readOptional, env };
}

function envTls({ dir, read, env }: DockerConfig): TlsMaterial | undefined {
  return env['DOCKER_TLS_VERIFY'] ? tlsFrom(env['DOCKER_CERT_PATH'] || dir, true, read) : undefined;
}

function parseJson(bytes: Buffer, path: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UsageError(`${path}: not valid JSON`);
  }
}

/** The `default` context: DOCKER_HOST when it is set, else the local socket, as `docker context ls` shows it. */
function defaultContext(config: DockerConfig): Endpoint {
  const host = config.env['DOCKER_HOST'];
  return host ? parseHostUrl(host, 'DOCKER_HOST', envTls(config)) : parseHostUrl(DEFAULT_SOCKET, 'default');
}

/**
 * A named context: metadata in contexts/meta/<sha256 of name>/meta.json under
 * the config directory, TLS files in contexts/tls/<sha256 of name>/docker/.
 */
function contextEndpoint(config: DockerConfig, name: string, chosenBy: string): Endpoint {
  if (name === 'default') return defaultContext(config);
  const digest = sha256(name, 'hex');
  const metaPath = join(config.dir, 'contexts', 'meta', digest, 'meta.json');
  const meta = config.read(metaPath);
  if (!meta) throw new UsageError(`docker context "${name}" (from ${chosenBy}) does not exist: no ${metaPath}`);
  const docker = (parseJson(meta, metaPath) as ContextMeta | null)?.Endpoints?.docker;
  if (!docker?.Host) throw new UsageError(`docker context "${name}" has no Docker endpoint (${metaPath})`);
  if (typeof docker.Host !== 'string') throw new UsageError(`${metaPath}: Endpoints.docker.Host is not a string`);
  const tls = tlsFrom(join(config.dir, 'contexts', 'tls', digest, 'docker'), docker.SkipTLSVerify !== true, config.read);
  const hasTls = tls.ca !== undefined || tls.cert !== undefined;
  return parseHostUrl(docker.Host, `context "${name}"`, hasTls ? tls : undefined);
}

/**
 * Resolves which engine to talk to the way the docker CLI does
 * (cli/command/cli.go resolveContextName): `--host`, then DOCKER_HOST, then
 * DOCKER_CONTEXT, then `currentContext` in config.json, then the default
 * socket.
 */
export function resolveEndpoint(inputs: EndpointInputs): Endpoint {
  const config = dockerConfig(inputs);
  if (inputs.hostFlag) return parseHostUrl(inputs.hostFlag, '--host', envTls(config));
  if (config.env['DOCKER_HOST']) return defaultContext(config);
  const fromEnv = config.env['DOCKER_CONTEXT'];
  if (fromEnv) return contextEndpoint(config, fromEnv, 'DOCKER_CONTEXT');
  const configPath = join(config.dir, 'config.json');
  const configFile = config.read(configPath);
  const current = configFile && (parseJson(configFile, configPath) as { currentContext?: string } | null)?.currentContext;
  return current ? contextEndpoint(config, current, `currentContext in ${configPath}`) : defaultContext(config);
}

export interface FleetInputs extends Omit<EndpointInputs, 'hostFlag'> {
  hosts?: readonly string[];
  contexts?: readonly string[];
  /** Every context `docker context ls` lists, `default` first. */
  allContexts?: boolean;
  /** The folders under contexts/meta, one per stored context. */
  listFolders?: (metaDir: string) => string[];
}

function foldersOf(metaDir: string): string[] {
  try {
    return readdirSync(metaDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The stored contexts' names, as their metadata gives them (the folder names are digests). */
function storedContextNames(config: DockerConfig, listFolders: (metaDir: string) => string[]): string[] {
  const metaDir = join(config.dir, 'contexts', 'meta');
  return listFolders(metaDir).flatMap((folder) => {
    const path = join(metaDir, folder, 'meta.json');
    const meta = config.read(path);
    if (meta === undefined) return [];
    // A context the docker CLI lists is never left out without a word: one it cannot name is an error here too.
    const name = (parseJson(meta, path) as { Name?: unknown } | null)?.Name;
    if (typeof name !== 'string' || name === '') throw new UsageError(`${path}: a docker context without a "Name"`);
    return [name];
  });
}

/**
 * The engines of one run: every --host and --context in the order given,
 * every context with --all-contexts, or else the one engine resolveEndpoint
 * chooses. An engine named twice is audited once.
 */
export function resolveEndpoints(inputs: FleetInputs): Endpoint[] {
  const { hosts = [], contexts = [], allContexts = false, listFolders = foldersOf } = inputs;
  const config = dockerConfig(inputs);
  const every = allContexts ? ['default', ...storedContextNames(config, listFolders).sort()] : [];
  // DOCKER_CERT_PATH's files are read once for all the --host engines.
  const tls = hosts.length > 0 ? envTls(config) : undefined;
  const endpoints = [
    ...hosts.map((host) => parseHostUrl(host, '--host', tls)),
    ...contexts.map((name) => contextEndpoint(config, name, '--context')),
    ...every.map((name) => contextEndpoint(config, name, '--all-contexts')),
  ];
  if (endpoints.length === 0) return [resolveEndpoint(inputs)];
  const byUrl = new Map<string, Endpoint>();
  for (const endpoint of endpoints) if (!byUrl.has(endpoint.url)) byUrl.set(endpoint.url, endpoint);
  return [...byUrl.values()];
}
