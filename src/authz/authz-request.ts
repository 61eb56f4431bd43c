import { exposesEngineSocket } from '../model/host-paths.js';
import type { ContainerTarget } from '../model/target.js';
import { inspectToTarget } from '../sources/inspect/inspect-to-target.js';
import { parseVolume } from '../sources/run-line/run-flags.js';

/** The request the daemon sends to /AuthZPlugin.AuthZReq (moby pkg/authorization). */
export interface AuthzRequest {
  User?: string;
  RequestMethod?: string;
  RequestUri?: string;
  /** Base64; the daemon leaves it out for bodies over 1 MiB or that are not JSON. */
  RequestBody?: string;
}

/** What a request means for the policy. */
export type InterpretedRequest =
  | { kind: 'create'; target: ContainerTarget }
  | { kind: 'exec'; container: string; privileged: boolean; user: string; command: string }
  | { kind: 'update'; container: string; removedLimits: ('memory-limit' | 'pids-limit' | 'cpu-limit')[] }
  | { kind: 'plugin'; plugin: string; engineSockets: string[] }
  | { kind: 'undecidable'; reason: string }
  | { kind: 'other' };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The body of a create request keeps its mounts in HostConfig.Binds and HostConfig.Mounts; inspect output lists them in Mounts. */
function mountsOfCreate(hostConfig: Json): Json[] {
  const binds = (Array.isArray(hostConfig['Binds']) ? hostConfig['Binds'] : []).filter((bind): bind is string => typeof bind === 'string');
  const fromBinds = binds.flatMap((bind) => {
    const mount = parseVolume(bind, true);
    return mount ? [{ Type: mount.type, Source: mount.source ?? '', Destination: mount.destination, RW: !mount.readOnly, Propagation: mount.propagation ?? '' }] : [];
  });
  const fromMounts = (Array.isArray(hostConfig['Mounts']) ? hostConfig['Mounts'] : []).filter(isObject).map((mount) => {
    const bindOptions = isObject(mount['BindOptions']) ? mount['BindOptions'] : {};
    return { Type: mount['Type'], Source: mount['Source'] ?? '', Destination: mount['Target'], RW: mount['ReadOnly'] !== true, Propagation: bindOptions['Propagation'] ?? '' };
  });
  return [...fromBinds, ...fromMounts];
}

/** The daemon forwards bodies up to 1 MiB (moby pkg/authorization maxBodySize); a larger one is not from the daemon. */
export const MAX_BODY_BYTES = 1024 * 1024;

function decodeBody(request: AuthzRequest): { json?: unknown; problem?: string } {
  if (!request.RequestBody) return { problem: 'the request has no body (the daemon leaves out bodies over 1 MiB)' };
  if ((request.RequestBody.length * 3) / 4 > MAX_BODY_BYTES + 2) return { problem: 'the request body is larger than the 1 MiB the daemon forwards' };
  try {
    return { json: JSON.parse(Buffer.from(request.RequestBody, 'base64').toString('utf8')) };
  } catch {
    return { problem: 'the request body is not JSON' };
  }
}

/** `/v1.41/containers/create?name=web` → path `/containers/create` and its query. */
function splitUri(uri: string): { path: string; query: URLSearchParams } {
  const url = new URL(uri, 'http://engine');
  return { path: url.pathname.replace(/^\/v\d+(\.\d+)?(?=\/)/, ''), query: url.searchParams };
}

/**
 * Reads what an Engine API request asks for. A container create the plugin
 * cannot read is `undecidable` (the caller fails closed); requests it does
 * not judge are `other` (they pass).
 */
export function interpretRequest(request: AuthzRequest): InterpretedRequest {
  if (request.RequestMethod !== 'POST' || typeof request.RequestUri !== 'string') return { kind: 'other' };
  const { path, query } = splitUri(request.RequestUri);
  if (path === '/containers/create') {
    const { json, problem } = decodeBody(request);
    if (problem) return { kind: 'undecidable', reason: problem };
    if (!isObject(json)) return { kind: 'undecidable', reason: 'the request body is not a container configuration' };
    const hostConfig = isObject(json['HostConfig']) ? json['HostConfig'] : {};
    const raw = { Id: 'create-request', Name: `/${query.get('name') ?? ''}`, Config: json, HostConfig: hostConfig, Mounts: mountsOfCreate(hostConfig) };
    try {
      return { kind: 'create', target: inspectToTarget(raw, { type: 'create-request' }) };
    } catch (error) {
      return { kind: 'undecidable', reason: `the container configuration is not valid: ${(error as Error).message}` };
    }
  }
  const exec = /^\/containers\/([^/]+)\/exec$/.exec(path);
  if (exec) {
    const { json } = decodeBody(request);
    if (!isObject(json)) return { kind: 'other' };
    // Only the program, as the audit shows exec sessions: arguments are where people put passwords (mysql -p…).
    const program = Array.isArray(json['Cmd']) ? json['Cmd'][0] : undefined;
    const command = typeof program === 'string' ? program : '';
    return { kind: 'exec', container: decodeURIComponent(exec[1] ?? ''), privileged: json['Privileged'] === true, user: typeof json['User'] === 'string' ? json['User'] : '', command };
  }
  const update = /^\/containers\/([^/]+)\/update$/.exec(path);
  if (update) {
    const { json } = decodeBody(request);
    if (!isObject(json)) return { kind: 'other' };
    // In an update, an absent or null field keeps the current value; -1 (and 0 for PIDs) means no limit.
    const removedLimits: ('memory-limit' | 'pids-limit' | 'cpu-limit')[] = [];
    if (json['Memory'] === -1) removedLimits.push('memory-limit');
    if (json['PidsLimit'] === -1 || json['PidsLimit'] === 0) removedLimits.push('pids-limit');
    if (json['CpuQuota'] === -1) removedLimits.push('cpu-limit');
    return { kind: 'update', container: decodeURIComponent(update[1] ?? ''), removedLimits };
  }
  if (path === '/plugins/pull' || /^\/plugins\/[^/]+\/upgrade$/.test(path)) {
    const { json } = decodeBody(request);
    // The privileges a plugin asks for: [{Name: "mount", Value: ["/var/run/docker.sock"]}, …].
    const privileges = Array.isArray(json) ? json.filter(isObject) : [];
    const mounts = privileges.filter((privilege) => privilege['Name'] === 'mount').flatMap((privilege) => (Array.isArray(privilege['Value']) ? privilege['Value'] : []));
    const engineSockets = mounts.filter((mount): mount is string => typeof mount === 'string' && exposesEngineSocket(mount));
    return { kind: 'plugin', plugin: query.get('name') ?? query.get('remote') ?? path, engineSockets };
  }
  return { kind: 'other' };
}
