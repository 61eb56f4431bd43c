import type { Agent } from 'node:http';
import { EngineRequestFailed, EngineUnreachable } from '../errors.js';
import { isRecord } from '../model/json-value.js';
import type { Endpoint } from './endpoint.js';
import { EngineHttp, EngineHttpError } from './engine-http.js';

export interface EngineInfo {
  serverVersion?: string;
  apiVersion?: string;
  operatingSystem?: string;
  securityOptions?: string[];
  liveRestore?: boolean;
  /**
   * What GET /info says of the daemon itself: its ID, the host's name and its
   * data root. The same whichever socket, address or context reaches it; not
   * enough alone to tell it from another daemon, as dockerd 20.10 derives the
   * ID from /etc/docker/key.json, which every daemon of a host (and every
   * clone of a machine image) shares.
   */
  daemon?: { id: string; name: string; rootDir: string };
  /** True when the engine is a Swarm manager, which can list services. */
  swarmManager?: boolean;
  /**
   * Set when the engine is Podman's service (GET /version lists a "Podman
   * Engine" component): the version of its own libpod API, whose inspect
   * reports the capabilities each container holds.
   */
  podmanApiVersion?: string;
}

export interface ContainerSummary {
  id: string;
  /** Without the leading slash. */
  names: string[];
  state?: string;
  labels: Record<string, string>;
  /** When the container was created, in seconds since the epoch. */
  created?: number;
}

/** The narrow view of the Docker Engine that dockward's read-only features use. */
export interface DockerEngine {
  readonly endpoint: Endpoint;
  info(): Promise<EngineInfo>;
  listContainers(options: { all: boolean }): Promise<ContainerSummary[]>;
  /** The raw GET /containers/{id}/json body, or undefined when the container is gone. */
  inspectContainer(id: string): Promise<unknown>;
  /** Podman's own GET /v{apiVersion}/libpod/containers/{id}/json body (what `podman inspect` prints), or undefined when the container is gone. */
  inspectPodmanContainer(id: string, apiVersion: string): Promise<unknown>;
  /** The raw GET /networks/{name} body, or undefined when there is no such network. */
  inspectNetwork(name: string): Promise<unknown>;
  /**
   * A regular file of a container (GET /containers/{id}/archive), at most
   * `limit` bytes; undefined when there is no such container or file, or it
   * is not a regular file of that size.
   */
  readContainerFile(id: string, path: string, limit: number): Promise<Buffer | undefined>;
  /** The raw GET /volumes/{name} body, or undefined when there is no such volume. */
  inspectVolume(name: string): Promise<unknown>;
  /** The raw GET /exec/{id}/json body, or undefined when the daemon no longer has it. */
  inspectExec(id: string): Promise<unknown>;
  /** GET /services: every Swarm service with its spec (only on a manager). */
  listServices(): Promise<unknown[]>;
  /**
   * GET /events for containers: newline-separated JSON messages until the
   * connection ends, or `signal` aborts. `since` is a Unix time in seconds;
   * events of that second are included.
   */
  containerEvents(options: { since?: number; signal?: AbortSignal }): Promise<NodeJS.ReadableStream>;
  /** Ends what the engine's transport keeps open between requests (an SSH connection); later requests fail. */
  close(): void;
}

/** A transport of its own for an endpoint that is not a socket or HTTP(S) (ssh://): an http.Agent carrying every request. */
export interface EngineTransport extends Agent {
  close(): void;
}

/**
 * What a transport throws when the far side was found and refused for a
 * reason of its own (an SSH host key, no key accepted, the remote command):
 * its message says it all, and pointing at another engine is no advice.
 */
export class TransportRefusal extends Error {}

/** Node's error codes that mean nothing answered at the endpoint. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'ENOTSOCK',
]);

/** Node's codes for a server certificate that does not verify against the CA given. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * What a failed TLS handshake means, in the words of the files involved; undefined when the error is not one.
 * The daemon's refusal of a missing or unknown client certificate arrives as an alert from its side.
 */
function tlsReason(code: string | undefined, message: string, { tls, host }: Endpoint): string | undefined {
  const where = tls ? tls.directory : 'the system store (no DOCKER_CERT_PATH or context TLS files)';
  if (code !== undefined && UNTRUSTED_CERTIFICATE.has(code))
    return `its TLS certificate is not signed by the CA in ${tls?.ca ? `${where}/ca.pem` : where} (${message})`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `its TLS certificate is not valid now (${message})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `its TLS certificate is not made out to ${host ?? 'this address'} (${message})`;
  if (tls !== undefined && (code?.startsWith('ERR_OSSL') || /PEM|no start line|key values mismatch|unsupported/i.test(message)))
    return `the TLS files in ${where} (ca.pem, cert.pem, key.pem) cannot be used: ${message}`;
  if (code?.startsWith('ERR_SSL_') && /alert (bad certificate|certificate required|unknown ca)/i.test(message)) {
    const given = tls?.cert !== undefined && tls.key !== undefined;
    return given
      ? `it does not accept the client certificate in ${where}/cert.pem (${message})`
      : `it asks for a client certificate and none was given: put cert.pem and key.pem beside ca.pem in ${where} (${message})`;
  }
  return undefined;
}

function describe(error: unknown): { code?: string; statusCode?: number; message: string } {
  const { code, message } = error as { code?: string; message?: string };
  return {
    ...(code !== undefined && { code }),
    ...(error instanceof EngineHttpError && { statusCode: error.statusCode }),
    message: message ?? String(error),
  };
}

const TAR_HEADER = 512;

/**
 * A name or id as one path segment of a request. A name from a request the
 * plugin judges can be anything: `/web` made `/containers//web/json`, which
 * dockerd answers with a redirect that docker-modem followed as a URL to a
 * host named "containers". Dot segments are refused for the same reason.
 */
function segment(name: string): string {
  if (name === '' || name === '.' || name === '..')
    throw new EngineRequestFailed('the engine', `look up ${JSON.stringify(name)}`, 'not a name or id');
  return encodeURIComponent(name);
}

/**
 * The content of the one regular file a tar archive from the archive
 * endpoint holds (ustar: the size as octal at offset 124, the type flag at
 * 156, '0' or NUL for a regular file); undefined for a link or a directory.
 */
function onlyFileOfTar(tar: Buffer, limit: number): Buffer | undefined {
  if (tar.length < TAR_HEADER) return undefined;
  const type = tar[156];
  if (type !== 0x30 && type !== 0) return undefined;
  const size = Number.parseInt(tar.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim(), 8);
  if (!Number.isInteger(size) || size > limit || tar.length < TAR_HEADER + size) return undefined;
  return tar.subarray(TAR_HEADER, TAR_HEADER + size);
}

/** GET /info and GET /version, as the parts dockward reads. */
function engineInfo(info: Record<string, unknown>, version: Record<string, unknown>): EngineInfo {
  const securityOptions = info['SecurityOptions'];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const result: EngineInfo = {};
  const serverVersion = text(info['ServerVersion']) ?? text(version['Version']);
  const apiVersion = text(version['ApiVersion']);
  const operatingSystem = text(info['OperatingSystem']);
  if (serverVersion) result.serverVersion = serverVersion;
  if (apiVersion) result.apiVersion = apiVersion;
  if (operatingSystem) result.operatingSystem = operatingSystem;
  const [id, name, rootDir] = [text(info['ID']), text(info['Name']), text(info['DockerRootDir'])];
  if (id && name !== undefined && rootDir !== undefined) result.daemon = { id, name, rootDir };
  if (Array.isArray(securityOptions)) result.securityOptions = securityOptions.filter((o): o is string => typeof o === 'string');
  if (typeof info['LiveRestoreEnabled'] === 'boolean') result.liveRestore = info['LiveRestoreEnabled'];
  const swarm = info['Swarm'] as { ControlAvailable?: unknown } | undefined;
  if (typeof swarm?.ControlAvailable === 'boolean') result.swarmManager = swarm.ControlAvailable;
  const components = version['Components'];
  const podman = Array.isArray(components)
    ? (components as { Name?: unknown; Details?: { APIVersion?: unknown } }[]).find((component) => component.Name === 'Podman Engine')
    : undefined;
  const podmanApiVersion = text(podman?.Details?.APIVersion) ?? (podman ? text(version['Version']) : undefined);
  if (podmanApiVersion && /^\d+(\.\d+)*$/.test(podmanApiVersion)) result.podmanApiVersion = podmanApiVersion;
  return result;
}

/** What a listed container's entry may hold: an engine may leave out or null any field (Podman's Labels). */
interface ListedContainer {
  Id?: string;
  Names?: string[] | null;
  State?: string;
  Labels?: Record<string, string> | null;
  Created?: unknown;
}

export function connectDocker(
  endpoint: Endpoint,
  { timeoutMs = 30_000, transport }: { timeoutMs?: number; transport?: EngineTransport } = {},
): DockerEngine {
  const http = new EngineHttp(endpoint, transport);
  const get = (path: string) => http.json(path, timeoutMs);

  /** Every engine error is translated here, once, into a typed error. */
  async function call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const { code, statusCode, message } = describe(error);
      const tls = statusCode === undefined ? tlsReason(code, message, endpoint) : undefined;
      if (tls !== undefined) throw new EngineUnreachable(`${endpoint.url} (chosen by ${endpoint.origin})`, tls, false);
      if (error instanceof TransportRefusal) throw new EngineUnreachable(`${endpoint.url} (chosen by ${endpoint.origin})`, message, false);
      if (code !== undefined && UNREACHABLE_CODES.has(code))
        throw new EngineUnreachable(`${endpoint.url} (chosen by ${endpoint.origin})`, `${code} (${message})`);
      if (statusCode === undefined && /timeout/i.test(message))
        throw new EngineUnreachable(`${endpoint.url} (chosen by ${endpoint.origin})`, message);
      throw new EngineRequestFailed(endpoint.url, operation, statusCode ? `HTTP ${statusCode}: ${message}` : message);
    }
  }

  /** Something removed between the list and the inspect is not an error, just no longer there. */
  function unlessGone<T>(operation: string, request: () => Promise<T>): Promise<T | undefined> {
    return call(operation, async () => {
      try {
        return await request();
      } catch (error) {
        if (error instanceof EngineHttpError && error.statusCode === 404) return undefined;
        throw error;
      }
    });
  }

  return {
    endpoint,
    async info() {
      const [info, version] = await Promise.all([
        call('report its info', () => get('/info')),
        call('report its version', () => get('/version')),
      ]);
      // Something else listening there (a web server answering every path with 200) is not an engine to audit.
      if (!isRecord(info) || !isRecord(version) || typeof version['ApiVersion'] !== 'string')
        throw new EngineUnreachable(`${endpoint.url} (chosen by ${endpoint.origin})`, 'it answers HTTP, but not as the Docker Engine API');
      return engineInfo(info, version);
    },
    async listContainers({ all }) {
      const list = await call('list containers', () => get(`/containers/json${all ? '?all=1' : ''}`));
      if (!Array.isArray(list)) throw new EngineRequestFailed(endpoint.url, 'list containers', 'the answer is not a list');
      return (list as ListedContainer[]).flatMap(({ Id: id, ...entry }) =>
        typeof id !== 'string'
          ? []
          : [
              {
                id,
                names: (entry.Names ?? []).map((name) => name.replace(/^\//, '')),
                ...(entry.State !== undefined && { state: entry.State }),
                labels: entry.Labels ?? {},
                ...(typeof entry.Created === 'number' && { created: entry.Created }),
              },
            ],
      );
    },
    inspectContainer: (id) => unlessGone(`inspect container ${id.slice(0, 12)}`, () => get(`/containers/${segment(id)}/json`)),
    inspectPodmanContainer: (id, apiVersion) =>
      unlessGone(`inspect container ${id.slice(0, 12)}`, () => get(`/v${apiVersion}/libpod/containers/${segment(id)}/json`)),
    inspectNetwork: (name) => unlessGone(`inspect network ${name}`, () => get(`/networks/${segment(name)}`)),
    async readContainerFile(id, path, limit) {
      const tar = await unlessGone(`read ${path} of container ${id.slice(0, 12)}`, () =>
        http.bytes(`/containers/${segment(id)}/archive?path=${encodeURIComponent(path)}`, limit + TAR_HEADER, timeoutMs),
      );
      return tar === undefined ? undefined : onlyFileOfTar(tar, limit);
    },
    inspectVolume: (name) => unlessGone(`inspect volume ${name}`, () => get(`/volumes/${segment(name)}`)),
    inspectExec: (id) => unlessGone(`inspect exec ${id.slice(0, 12)}`, () => get(`/exec/${segment(id)}/json`)),
    async listServices() {
      const list = await call('list services', () => get('/services'));
      if (!Array.isArray(list)) throw new EngineRequestFailed(endpoint.url, 'list services', 'the answer is not a list');
      return list as unknown[];
    },
    containerEvents: ({ since, signal }) => {
      const query = new URLSearchParams({ filters: JSON.stringify({ type: ['container'] }) });
      if (since !== undefined) query.set('since', String(since));
      // The event stream is quiet for as long as nothing happens: it has no timeout.
      return call('stream its events', () => http.stream(`/events?${query.toString()}`, signal));
    },
    close: () => {
      http.close();
      transport?.close();
    },
  };
}
