import { errorMessage } from '../errors.js';
import { BoundedMap } from '../cache/bounded-map.js';
import type { DockerEngine } from '../docker/engine-client.js';
import { audit } from '../evaluation/audit.js';
import type { Finding } from '../model/finding.js';
import { hostSecurityFromInfo, type HostSecurity } from '../model/host.js';
import type { Policy } from '../model/policy.js';
import type { ContainerTarget } from '../model/target.js';
import type { Rule } from '../rules/define-rule.js';
import { containerTarget, execSessionTarget } from '../sources/engine/engine-source.js';
import { actionName, eventKey, eventLines, sinceOf, type EngineEvent } from './event-lines.js';

/** Where a finding came from: the event that made watch audit the container. */
export interface WatchEvent {
  action: 'create' | 'start' | 'exec_create';
  containerId: string;
  container: string;
  /** When the engine reported the event, in seconds since the epoch. */
  time: number;
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
  onAudit?(event: WatchEvent, lagSeconds: number): void;
  onReconnect?(): void;
  log(message: string): void;
  signal: AbortSignal;
  /** Where the stream starts: a Unix time in seconds (default: now). */
  since?: number;
  backoff?: { initialMs: number; maxMs: number };
  now?: () => number;
}

/** How many event keys and containers watch remembers to drop repeats. */
const MEMORY = 10_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Follows the engine's container events and audits each container on
 * create, start and exec. When the stream ends (the daemon restarted, the
 * connection dropped) it reconnects with backoff and asks for the events
 * since the last one it handled, dropping those it has already seen.
 */
export async function watchEngine(options: WatchOptions): Promise<void> {
  const { engine, signal } = options;
  const now = options.now ?? (() => Date.now() / 1000);
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const seenEvents = new BoundedMap<string, true>(MEMORY);
  const reported = new BoundedMap<string, Set<string>>(MEMORY);
  let since = options.since ?? Math.floor(now());
  let host: HostSecurity = {};
  let failures = 0;

  async function auditEvent(event: EngineEvent): Promise<void> {
    const id = event.Actor?.ID;
    const action = actionName(event);
    if (!id) return;
    if (action === 'destroy') {
      reported.delete(id);
      return;
    }
    let target: ContainerTarget | undefined;
    let kind: WatchEvent['action'];
    if (action === 'create' || action === 'start') {
      kind = action;
      target = await containerTarget(engine, id);
    } else if (action === 'exec_create' && event.Actor?.Attributes?.['execID']) {
      kind = 'exec_create';
      target = await execSessionTarget(engine, id, event.Actor.Attributes['execID']);
    } else return;
    if (!target) return;
    const watchEvent: WatchEvent = { action: kind, containerId: id, container: target.name, time: event.time ?? now() };
    const { evaluation } = await audit(
      { containers: [target], host, secretFingerprint: options.secretFingerprint },
      options.rules,
      options.policy(),
    );
    options.onAudit?.(watchEvent, Math.max(0, now() - watchEvent.time));
    let seen = reported.get(id);
    if (!seen) reported.set(id, (seen = new Set()));
    for (const finding of evaluation.containers[0]?.findings ?? []) {
      if (seen.has(finding.fingerprint)) continue;
      seen.add(finding.fingerprint);
      options.report(finding, watchEvent);
    }
  }

  const stopped = () => signal.aborted; // read afresh each time: the signal is aborted while the loop awaits
  while (!stopped()) {
    try {
      const [info, stream] = await Promise.all([engine.info(), engine.containerEvents({ since })]);
      host = hostSecurityFromInfo(info.securityOptions);
      failures = 0;
      options.log(`watching ${engine.endpoint.url} for container events since ${since}`);
      const stop = () => (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const event of eventLines(stream as AsyncIterable<Buffer>)) {
          const key = eventKey(event);
          if (seenEvents.has(key)) continue;
          seenEvents.set(key, true);
          since = sinceOf(event) ?? since;
          try {
            await auditEvent(event);
          } catch (error) {
            // One container that cannot be read (gone already, say) must not end the watch.
            const container = event.Actor?.ID?.slice(0, 12) ?? 'a container';
            options.log(`could not audit ${container} after ${actionName(event) || 'an event'}: ${errorMessage(error)}`);
          }
        }
      } finally {
        signal.removeEventListener('abort', stop);
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
