import pLimit from 'p-limit';
import type { ContainerSummary, DockerEngine } from '../../docker/engine-client.js';
import { hostSecurityFromInfo, type HostSecurity } from '../../model/host.js';
import type { ContainerTarget } from '../../model/target.js';
import { inspectToTarget, runningPid } from '../inspect/inspect-to-target.js';
import { readProcessCapabilities } from './process-capabilities.js';

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
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EngineDescription {
  endpoint: string;
  serverVersion?: string;
  apiVersion?: string;
  operatingSystem?: string;
  security: HostSecurity;
}

export interface EngineScan {
  engine: EngineDescription;
  targets: ContainerTarget[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function matchesFilter(container: ContainerSummary, filter: ContainerFilter): boolean {
  const { names = [], labels = [], ids = [] } = filter;
  if (names.length > 0) {
    const patterns = names.map(globToRegExp);
    if (!container.names.some((name) => patterns.some((pattern) => pattern.test(name)))) return false;
  }
  if (ids.length > 0 && !ids.some((prefix) => container.id.startsWith(prefix.toLowerCase()))) return false;
  return labels.every((selector) => {
    const equals = selector.indexOf('=');
    if (equals === -1) return selector in container.labels;
    return container.labels[selector.slice(0, equals)] === selector.slice(equals + 1);
  });
}

/** A unix socket means the engine runs on this machine, so its pids are ours to read. */
function isLocal(engine: DockerEngine): boolean {
  return engine.endpoint.socketPath !== undefined && process.platform === 'linux';
}

/**
 * One list call, the daemon's info once, then one inspect per matching
 * container with bounded concurrency: never a call per rule.
 */
export async function scanEngine(engine: DockerEngine, options: EngineScanOptions = {}): Promise<EngineScan> {
  const [info, listed] = await Promise.all([engine.info(), engine.listContainers({ all: options.running !== true })]);
  const selected = listed.filter((container) => matchesFilter(container, options));
  const limit = pLimit(options.concurrency ?? 8);
  const source = { type: 'engine', endpoint: engine.endpoint.url } as const;
  let done = 0;
  const inspected = await Promise.all(
    selected.map((container) =>
      limit(async () => {
        const raw = await engine.inspectContainer(container.id);
        options.onProgress?.(++done, selected.length);
        if (raw === undefined) return undefined;
        const target = inspectToTarget(raw, source);
        const pid = runningPid(raw);
        if (pid !== undefined && isLocal(engine)) {
          const observed = await readProcessCapabilities(pid, target.id);
          if (observed) target.observedCapabilities = observed;
        }
        return target;
      }),
    ),
  );
  const description: EngineDescription = { endpoint: engine.endpoint.url, security: hostSecurityFromInfo(info.securityOptions) };
  if (info.serverVersion) description.serverVersion = info.serverVersion;
  if (info.apiVersion) description.apiVersion = info.apiVersion;
  if (info.operatingSystem) description.operatingSystem = info.operatingSystem;
  return { engine: description, targets: inspected.filter((target) => target !== undefined) };
}
