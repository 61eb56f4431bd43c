import { errorMessage } from '../errors.js';
import { BoundedMap } from '../cache/bounded-map.js';
import type { DockerEngine } from '../docker/engine-client.js';
import { audit } from '../evaluation/audit.js';
import type { Finding } from '../model/finding.js';
import { hostSecurityFromInfo, type HostSecurity } from '../model/host.js';
import type { Policy } from '../model/policy.js';
import type { ContainerTarget } from '../model/target.js';
import type { Rule } from '../rules/define-rule.js';
import { containerTarget, execSessionTarget, type EngineDialect } from '../sources/engine/engine-source.js';
import { actionName, eventKey, eventLines, eventTime, sinceOf, type EngineEvent } from './event-lines.js';
import { sleep } from './sleep.js';
import type { WatchPosition } from './watch-state.js';

/** Where a finding came from: the event that made watch audit the container. */
export interface WatchEvent {
  action: 'create' | 'start' | 'exec_create';
  containerId: string;
  container: string;
  /** When the engine reported the event, in seconds since the epoch (to the microsecond where the engine says). */
  time: number;
}

/** A container or exec session gone before watch could read it: named, but not judged. */
export interface UnauditedEvent extends WatchEvent {
  image?: string;
}

export interface WatchOptions {
  engine: DockerEngine;
  rules: readonly Rule[];
  /** Asked per audit, so that waivers expire while watch runs. */
  policy(): Policy;
  /** How findings fingerprint a secret (see AuditSettings). */
  secretFingerprint: (value: string) => string;
  /** Called once per finding per container: a finding seen before (replay, create then start) is not repeated. */
  report(finding: Finding, event: WatchEvent): void;
  /** Called once per container (or exec session) that was gone when its event was read. */
  unaudited?(event: UnauditedEvent): void;
  onAudit?(event: WatchEvent, lagSeconds: number): void;
  onReconnect?(): void;
  /** Called after each event is handled, with where a replay would start. */
  onPosition?(position: WatchPosition): void;
  log(message: string): void;
  signal: AbortSignal;
  /** Where the stream starts (default: now), and the events of that second already handled. */
  resume?: WatchPosition;
  backoff?: { initialMs: number; maxMs: number };
  now?: () => number;
}

/** How many event keys and containers watch remembers to drop repeats. */
const MEMORY = 10_000;

/** What watch remembers of one container. */
interface Seen {
  /** Fingerprints of the findings reported. */
  findings: Set<string>;
  /** Audited for its creation, from its create event or from the list read on reconnecting. */
  created: boolean;
  /** Reported as gone before it could be read. */
  unaudited: boolean;
}

class Stopped extends Error {}

/** The promise, or a Stopped rejection as soon as the signal aborts: no wait outlasts a SIGTERM. */
function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new Stopped());
    signal.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/**
 * Follows the engine's container events and audits each container on
 * create, start and exec. When the stream ends (the daemon restarted, the
 * connection dropped) it reconnects with backoff and asks for the events
 * since the last one it handled, dropping those it has already seen; and it
 * lists the containers created meanwhile, because the engine keeps only its
 * latest events (dockerd: 256, none from before its own restart).
 */
export async function watchEngine(options: WatchOptions): Promise<void> {
  const { engine, signal } = options;
  const now = options.now ?? (() => Date.now() / 1000);
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const seenEvents = new BoundedMap<string, true>(MEMORY);
  const containers = new BoundedMap<string, Seen>(MEMORY);
  let position: WatchPosition = options.resume
    ? { ...options.resume, handled: [...options.resume.handled] }
    : { since: Math.floor(now()), handled: [] };
  for (const key of position.handled) seenEvents.set(key, true);
  /** Whether events may have been missed since the position: on resuming from a state file, and on every reconnect. */
  let mayHaveMissed = options.resume !== undefined;
  let host: HostSecurity = {};
  /** Read with the host's security from each connection's info: a Podman service is inspected through its own API. */
  let dialect: EngineDialect = {};
  let failures = 0;

  function seen(id: string): Seen {
    let memory = containers.get(id);
    if (!memory) containers.set(id, (memory = { findings: new Set(), created: false, unaudited: false }));
    return memory;
  }

  async function auditTarget(target: ContainerTarget, event: WatchEvent): Promise<void> {
    const { evaluation } = await audit(
      { containers: [target], host, secretFingerprint: options.secretFingerprint },
      options.rules,
      options.policy(),
    );
    options.onAudit?.(event, Math.max(0, now() - event.time));
    const { findings } = seen(event.containerId);
    for (const finding of evaluation.containers[0]?.findings ?? []) {
      if (findings.has(finding.fingerprint)) continue;
      findings.add(finding.fingerprint);
      options.report(finding, event);
    }
  }

  async function auditEvent(event: EngineEvent): Promise<void> {
    const id = event.Actor?.ID;
    const action = actionName(event);
    if (!id) return;
    if (action === 'destroy') {
      containers.delete(id);
      return;
    }
    const execId = event.Actor?.Attributes?.['execID'];
    if (action !== 'create' && action !== 'start' && !(action === 'exec_create' && execId)) return;
    if (action === 'create' && containers.get(id)?.created) return;
    const target = await untilStopped(
      execId && action === 'exec_create' ? execSessionTarget(engine, id, execId, dialect) : containerTarget(engine, id, dialect),
      signal,
    );
    const attributes = event.Actor?.Attributes ?? {};
    const watchEvent: WatchEvent = {
      action,
      containerId: id,
      container: target?.name ?? attributes['name'] ?? id.slice(0, 12),
      time: eventTime(event) ?? now(),
    };
    if (!target) {
      const memory = seen(id);
      if (action !== 'exec_create') {
        if (memory.unaudited) return;
        memory.unaudited = true;
      }
      options.unaudited?.({ ...watchEvent, ...(attributes['image'] !== undefined && { image: attributes['image'] }) });
      return;
    }
    if (action === 'create') seen(id).created = true;
    await auditTarget(target, watchEvent);
  }

  /** Audits the containers created since the position that no event has shown (the engine may have dropped them). */
  async function auditCreatedSince(since: number): Promise<void> {
    const listed = await untilStopped(engine.listContainers({ all: true }), signal);
    for (const { id, created } of listed) {
      if (created === undefined || created <= since || containers.get(id)?.created) continue;
      await orLog(id, 'create', async () => {
        const target = await untilStopped(containerTarget(engine, id, dialect), signal);
        if (!target) return;
        seen(id).created = true;
        await auditTarget(target, { action: 'create', containerId: id, container: target.name, time: created });
      });
    }
  }

  /** One container that cannot be read must not end the watch. */
  async function orLog(id: string | undefined, action: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof Stopped) throw error;
      options.log(`could not audit ${id?.slice(0, 12) ?? 'a container'} after ${action || 'an event'}: ${errorMessage(error)}`);
    }
  }

  function handled(event: EngineEvent, key: string): void {
    const second = sinceOf(event) ?? position.since;
    if (second === position.since) position.handled.push(key);
    else position = { since: second, handled: [key] };
    options.onPosition?.(position);
  }

  const stopped = () => signal.aborted; // read afresh each time: the signal is aborted while the loop awaits
  while (!stopped()) {
    try {
      const [info, stream] = await untilStopped(
        Promise.all([engine.info(), engine.containerEvents({ since: position.since, signal })]),
        signal,
      );
      host = hostSecurityFromInfo(info.securityOptions);
      dialect = info;
      failures = 0;
      options.log(`watching ${engine.endpoint.url} for container events since ${new Date(position.since * 1000).toISOString()}`);
      if (mayHaveMissed) await auditCreatedSince(position.since);
      mayHaveMissed = true;
      for await (const event of eventLines(stream as AsyncIterable<Buffer>)) {
        const key = eventKey(event);
        if (seenEvents.has(key)) continue;
        seenEvents.set(key, true);
        await orLog(event.Actor?.ID, actionName(event), () => auditEvent(event));
        handled(event, key);
      }
      if (!stopped()) options.log('the event stream ended');
    } catch (error) {
      if (stopped()) break;
      options.log(errorMessage(error).split('\n')[0] ?? 'the engine failed');
    }
    if (stopped()) break;
    options.onReconnect?.();
    await sleep(Math.min(maxMs, initialMs * 2 ** failures++), signal);
  }
}
