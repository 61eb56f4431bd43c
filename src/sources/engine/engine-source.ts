import pLimit, { type LimitFunction } from 'p-limit';
import type { ContainerSummary, DockerEngine, EngineInfo } from '../../docker/engine-client.js';
import { isRecord } from '../../model/json-value.js';
import type { ContainerSpec } from '../../model/container-spec.js';
import { hostSecurityFromInfo, type EngineFacts, type HostSecurity } from '../../model/host.js';
import { SourceMap, type SourceKind, type ContainerTarget, type EngineTarget, type ExecSession } from '../../model/target.js';
import { globToRegExp, matchesLabelSelector } from '../../model/selectors.js';
import { execIds, inspectToTarget, runningPid } from '../inspect/inspect-to-target.js';
import { readMetadataFilter } from './metadata-filter.js';
import { readProcessStatus } from './process-status.js';
import { swarmServiceToTarget } from '../swarm/swarm-service-to-target.js';
import { DOCKER_RUNTIME, PODMAN_RUNTIME } from '../../model/runtime.js';

/** Containers read from a live Docker Engine: their inspect data includes what the image sets. */
export const ENGINE_SOURCE: SourceKind = { id: 'engine', runtime: DOCKER_RUNTIME, imageDefaultsKnown: true, syntax: 'run' };

/** Containers read from a live Podman service, through its own inspect, with Podman's defaults. */
export const PODMAN_ENGINE_SOURCE: SourceKind = { ...ENGINE_SOURCE, runtime: PODMAN_RUNTIME };

/** What the engine's info says about how to read its containers; see EngineInfo.podmanApiVersion. */
export type EngineDialect = Pick<EngineInfo, 'podmanApiVersion'>;

/**
 * One container's inspect as the engine knows it best. Podman's
 * Docker-compatible inspect gives CapAdd and CapDrop relative to a base that
 * changed between its versions (Docker's set in 4.3, containers.conf's later),
 * so its own inspect, which lists the capabilities the container holds, is
 * read instead: still one request per container.
 */
async function inspectOnce(
  engine: DockerEngine,
  id: string,
  { podmanApiVersion }: EngineDialect,
): Promise<{ raw: unknown; kind: SourceKind }> {
  if (podmanApiVersion === undefined) return { raw: await engine.inspectContainer(id), kind: ENGINE_SOURCE };
  return { raw: await engine.inspectPodmanContainer(id, podmanApiVersion), kind: PODMAN_ENGINE_SOURCE };
}

export interface ContainerFilter {
  running?: boolean;
  /** Exact names; `*` matches any run of characters. */
  names?: readonly string[];
  /** `key` or `key=value`. */
  labels?: readonly string[];
  /** Id prefixes. */
  ids?: readonly string[];
}

export interface EngineScanOptions extends ContainerFilter {
  /** Inspect calls in flight on this engine. */
  concurrency?: number;
  /** A bound shared with the other engines of the run, taken inside this engine's own. */
  overall?: LimitFunction;
  onProgress?: (done: number, total: number) => void;
  /** Called once the engine has been asked for its info and its containers: what the caller does next, it does while the engine answers. */
  onAsked?: () => void;
}

export interface EngineDescription {
  endpoint: string;
  /** Docker's daemon or Podman's service, as its version reports. */
  product: EngineFacts['product'];
  serverVersion?: string;
  apiVersion?: string;
  operatingSystem?: string;
  security: HostSecurity;
}

export interface EngineScan {
  engine: EngineDescription;
  /**
   * Which daemon this is, for telling two names of one engine from two
   * engines: the daemon as its info describes it (see EngineInfo.daemon) and
   * the random ids of all its containers, filtered or not, which no other daemon has.
   * Undefined when the info does not describe the daemon.
   */
  identity?: string;
  engineTarget: EngineTarget;
  targets: ContainerTarget[];
}

export function matchesFilter(container: Pick<ContainerSummary, 'id' | 'names' | 'labels'>, filter: ContainerFilter): boolean {
  const { names = [], labels = [], ids = [] } = filter;
  if (names.length > 0) {
    const patterns = names.map((name) => globToRegExp(name));
    if (!container.names.some((name) => patterns.some((pattern) => pattern.test(name)))) return false;
  }
  if (ids.length > 0 && !ids.some((prefix) => container.id.startsWith(prefix.toLowerCase()))) return false;
  return labels.every((selector) => matchesLabelSelector(selector, container.labels));
}

/** A unix socket means the engine runs on this machine, so its pids are ours to read. */
function isLocal(engine: DockerEngine): boolean {
  return engine.endpoint.socketPath !== undefined && process.platform === 'linux';
}

/** Containers whose traffic goes through a Linux bridge, and so through the DOCKER-USER chain. */
function isBridged(spec: ContainerSpec): boolean {
  const mode = spec.networkMode ?? 'default';
  return mode !== 'host' && mode !== 'none' && !mode.startsWith('container:');
}

function readExecSession(raw: unknown): ExecSession | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { ID, ProcessConfig } = raw as { ID?: unknown; ProcessConfig?: unknown };
  if (typeof ID !== 'string' || !isRecord(ProcessConfig)) return undefined;
  const { privileged, user, entrypoint } = ProcessConfig;
  // Only the program: exec arguments are where people put passwords (mysql -p…).
  return {
    id: ID,
    privileged: privileged === true,
    user: typeof user === 'string' ? user : '',
    command: typeof entrypoint === 'string' ? entrypoint : '',
  };
}

/**
 * The hook for watching exec sessions: given the ids from an `exec_create`
 * event, the container as a target whose observed state holds that one
 * session, so the same rules (exec-privileged, exec-root) judge it the moment
 * it is created, before it can exit and be forgotten by the daemon.
 * Undefined when the container or the session is already gone.
 */
export async function execSessionTarget(
  engine: DockerEngine,
  containerId: string,
  execId: string,
  dialect: EngineDialect = {},
): Promise<ContainerTarget | undefined> {
  const [{ raw, kind }, exec] = await Promise.all([inspectOnce(engine, containerId, dialect), engine.inspectExec(execId)]);
  const session = readExecSession(exec);
  if (raw === undefined || session === undefined) return undefined;
  const target = inspectToTarget(raw, { kind, endpoint: engine.endpoint.url });
  target.observed = { ...target.observed, execs: [session] };
  return target;
}

interface EngineSettings {
  info: EngineInfo;
  bridge: unknown;
  metadataFilter: 'blocked' | 'open' | undefined;
}

/**
 * The engine's own settings, read while the containers are inspected: its
 * /info (the caller's request, whose answer the inspects need too), the
 * default bridge's options (one network inspect) and, on this host, the
 * DOCKER-USER chain (one iptables call per scan).
 */
async function readEngineSettings(engine: DockerEngine, infoRead: Promise<EngineInfo>): Promise<EngineSettings> {
  const info = await infoRead;
  // Podman has neither: no icc switch on its default network, and no DOCKER-USER chain.
  if (info.podmanApiVersion !== undefined) return { info, bridge: undefined, metadataFilter: undefined };
  const [bridge, metadataFilter] = await Promise.all([
    engine.inspectNetwork('bridge'),
    isLocal(engine) ? readMetadataFilter() : Promise.resolve(undefined),
  ]);
  return { info, bridge, metadataFilter };
}

/** The engine as a target of the engine-level rules. */
function engineTarget(
  engine: DockerEngine,
  { info, bridge, metadataFilter }: EngineSettings,
  { security, product }: EngineDescription,
  targets: readonly ContainerTarget[],
): EngineTarget {
  const bridgedContainers = targets.filter((target) => isBridged(target.spec)).map((target) => target.name);
  const local = isLocal(engine);
  const icc = (bridge as { Options?: Record<string, string> } | undefined)?.Options?.['com.docker.network.bridge.enable_icc'];
  const { url, protocol } = engine.endpoint;
  const podman = product === 'podman';
  const facts: EngineFacts = {
    product,
    endpoint: { url, local, ...(protocol !== undefined && { protocol }) },
    security,
    bridgedContainers,
    // Podman answers false, but it has no daemon whose restart would stop containers: conmon keeps each one.
    ...(info.liveRestore !== undefined && !podman && { liveRestore: info.liveRestore }),
    ...(bridge !== undefined && { defaultBridgeIcc: icc !== 'false' }),
    ...(metadataFilter !== undefined && { metadataFilter }),
  };
  const sourceMap = new SourceMap();
  sourceMap.set(['endpoint'], { field: url });
  sourceMap.set(['security'], { field: 'GET /info SecurityOptions' });
  sourceMap.set(['liveRestore'], { field: 'GET /info LiveRestoreEnabled' });
  sourceMap.set(['defaultBridgeIcc'], { field: 'GET /networks/bridge Options["com.docker.network.bridge.enable_icc"]' });
  sourceMap.set(['metadataFilter'], { field: 'iptables -S DOCKER-USER' });
  return { kind: 'engine', id: url, name: url, facts, sourceMap };
}

/**
 * One container as the audit sees it: its settings from one inspect, and for
 * a running container on this machine what its process really holds, plus
 * its exec sessions. Undefined when the container is gone.
 */
export async function containerTarget(engine: DockerEngine, id: string, dialect: EngineDialect = {}): Promise<ContainerTarget | undefined> {
  const { raw, kind } = await inspectOnce(engine, id, dialect);
  if (raw === undefined) return undefined;
  const target = inspectToTarget(raw, { kind, endpoint: engine.endpoint.url });
  const pid = runningPid(raw);
  if (pid !== undefined && isLocal(engine)) {
    const status = await readProcessStatus(pid, target.id);
    if (status) target.observed = { ...target.observed, ...status };
  }
  // In sequence, inside this container's slot of the scan: taking more slots from here could
  // leave every slot waiting on another. Exec sessions are few.
  const execs: ExecSession[] = [];
  for (const execId of execIds(raw)) {
    const session = readExecSession(await engine.inspectExec(execId));
    if (session) execs.push(session);
  }
  if (execs.length > 0) target.observed = { ...target.observed, execs };
  return target;
}

/** See EngineScan.identity. */
function engineIdentity(info: EngineInfo, containers: readonly Pick<ContainerSummary, 'id'>[]): string | undefined {
  if (info.daemon === undefined) return undefined;
  const { id, name, rootDir } = info.daemon;
  return [id, name, rootDir, ...containers.map((container) => container.id).sort()].join('\u0000');
}

/**
 * The engines that are not another name of an engine before them, and for
 * each one that is, the name it repeats: what a run reads once. An engine
 * that does not answer within `waitMs` is kept, as nothing says it is
 * another, and does not hold up the others.
 */
export async function distinctEngines(
  engines: readonly DockerEngine[],
  waitMs = 5000,
): Promise<{ distinct: DockerEngine[]; repeated: { engine: DockerEngine; of: DockerEngine }[] }> {
  const identities = await Promise.all(
    engines.map(async (engine) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
      const read = Promise.all([engine.info(), engine.listContainers({ all: true })]).then(
        ([info, listed]) => engineIdentity(info, listed),
        () => undefined,
      );
      try {
        return await Promise.race([read, late]);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const distinct: DockerEngine[] = [];
  const repeated: { engine: DockerEngine; of: DockerEngine }[] = [];
  engines.forEach((engine, index) => {
    const identity = identities[index];
    const first = identity === undefined ? -1 : identities.indexOf(identity);
    const of = first === -1 || first === index ? undefined : engines[first];
    if (of) repeated.push({ engine, of });
    else distinct.push(engine);
  });
  return { distinct, repeated };
}

/**
 * One list call, the daemon's info once, then one inspect per matching
 * container (and per exec session it still remembers) with bounded
 * concurrency: never a call per rule.
 */
export async function scanEngine(engine: DockerEngine, options: EngineScanOptions = {}): Promise<EngineScan> {
  // The inspects need only the info (which API dialect to read) and the list: the rest of the settings comes meanwhile.
  const infoRead = engine.info();
  const settingsRead = readEngineSettings(engine, infoRead);
  // Awaited after the inspects; an error is still the scan's, but not an unhandled rejection while they run.
  settingsRead.catch(() => undefined);
  const listRead = engine.listContainers({ all: options.running !== true });
  options.onAsked?.();
  const [dialect, listed] = await Promise.all([infoRead, listRead]);
  const selected = listed.filter((container) => matchesFilter(container, options));
  const limit = pLimit(options.concurrency ?? 8);
  const { overall = (task: () => Promise<ContainerTarget | undefined>) => task() } = options;
  let done = 0;
  const inspected = await Promise.all(
    selected.map((container) =>
      limit(async () => {
        const target = await overall(() => containerTarget(engine, container.id, dialect));
        options.onProgress?.(++done, selected.length);
        return target;
      }),
    ),
  );
  const settings = await settingsRead;
  const { info } = settings;
  const description: EngineDescription = {
    endpoint: engine.endpoint.url,
    product: info.podmanApiVersion === undefined ? 'docker' : 'podman',
    security: hostSecurityFromInfo(info.securityOptions),
  };
  if (info.serverVersion) description.serverVersion = info.serverVersion;
  if (info.apiVersion) description.apiVersion = info.apiVersion;
  if (info.operatingSystem) description.operatingSystem = info.operatingSystem;
  const targets: ContainerTarget[] = inspected.filter((target) => target !== undefined);
  // A Swarm manager also has services: one more list call, filtered like containers.
  if (settings.info.swarmManager === true && options.running !== true) {
    for (const raw of await engine.listServices()) {
      const service = swarmServiceToTarget(raw, engine.endpoint.url);
      if (service && matchesFilter({ id: service.id, names: [service.name], labels: service.spec.labels ?? {} }, options))
        targets.push(service);
    }
  }
  const identity = engineIdentity(info, listed);
  return {
    engine: description,
    ...(identity !== undefined && { identity }),
    engineTarget: engineTarget(engine, settings, description, targets),
    targets,
  };
}
