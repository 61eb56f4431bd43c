import { createColors } from 'picocolors';
import { UsageError } from '../errors.js';
import { fileErrorReason } from '../files/input-file.js';
import type { Finding } from '../model/finding.js';
import { terminalSafe } from '../reporters/escape.js';
import { findingWithEvent, watchLine } from '../reporters/watch-line.js';
import { RULES } from '../rules/index.js';
import { WatchMetrics } from '../watch/metrics.js';
import { readWatchState, writeWatchState, type WatchPosition } from '../watch/watch-state.js';
import { watchEngine, type UnauditedEvent, type WatchEvent } from '../watch/watcher.js';
import { WebhookQueue } from '../watch/webhook.js';
import { dailyPolicy } from '../config/build-policy.js';
import { resolveAuditSettings } from './audit-settings.js';
import { distinctEngines } from '../sources/engine/engine-source.js';
import { connectEngines } from './connect-engine.js';
import { ExitCode } from './exit-codes.js';
import { reportProblems } from './output.js';
import { useColor, type CliIO } from './options.js';

export interface WatchCommandOptions {
  host?: string[];
  context?: string[];
  allContexts?: boolean;
  format: string;
  webhook?: string;
  metricsPort?: string;
  metricsHost: string;
  profile?: string;
  config?: string;
  since?: string;
  state?: string;
}

/** What the README promises SIGTERM: five seconds for the webhook queue, then exit, whatever still waits. */
const SHUTDOWN_GRACE_MS = 5000;
/** Beyond the grace, for standard output to drain before a forced exit. */
const EXIT_MARGIN_MS = 1000;
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--metrics-port must be a port number (got "${value}")`);
  return port;
}

function parseWebhook(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--webhook must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--webhook must be an http:// or https:// URL');
  return url.href;
}

const DURATION_UNITS = { h: 3600, m: 60, s: 1 } as const;

/** `--since` as docker events takes it: Unix seconds, an RFC 3339 date, or a duration before now (`10m`, `1h30m`). */
export function parseSince(value: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  if (/^(\d+[hms])+$/.test(value)) {
    let seconds = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)([hms])/g))
      seconds += Number(amount) * DURATION_UNITS[unit as keyof typeof DURATION_UNITS];
    return Math.floor(now - seconds);
  }
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) throw new UsageError(`--since must be a Unix time, an RFC 3339 date or a duration such as 10m (got "${value}")`);
  return Math.floor(date / 1000);
}

/** What a person reads about a container watch could not judge. */
function unauditedLine({ action, container, image, time }: UnauditedEvent): string {
  const when = new Date(time * 1000).toISOString();
  const what = image === undefined ? container : `${container} (${image})`;
  return action === 'exec_create'
    ? `an exec session in ${what}, created at ${when}, ended before it could be read: not audited`
    : `${what} was gone before it could be read (${action} at ${when}): not audited`;
}

/** One line per finding: JSON for machines (which name the engine), or a line a person reads in a terminal. */
function formatter(format: string, io: CliIO, showEngine: boolean): (finding: Finding, event: WatchEvent) => string {
  if (format === 'json') return (finding, event) => `${JSON.stringify(findingWithEvent(finding, event))}\n`;
  const colors = createColors(useColor(io.stdout, io.env));
  return (finding, event) => watchLine(finding, event, colors, new Date(), { showEngine });
}

/** The metrics server, or a usage error naming the address it cannot have. */
async function serveMetrics(metrics: WatchMetrics, port: number, host: string) {
  try {
    return await metrics.serve(port, host);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const why =
      code === 'EADDRINUSE'
        ? 'is already in use'
        : code === 'EACCES'
          ? 'needs privileges dockward does not have'
          : `cannot be bound (${code ?? 'unknown error'})`;
    throw new UsageError(`--metrics-port ${port}: ${host}:${port} ${why}`);
  }
}

/**
 * Where each engine starts: --since, else its position in the state file,
 * else now; and a writer that keeps every engine's position in that file
 * (positions of engines not watched this time are kept as they were).
 */
function statePositions(options: WatchCommandOptions, endpoints: readonly string[], log: (message: string) => void) {
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now() / 1000);
  const path = options.state;
  const read = path === undefined ? undefined : readWatchState(path);
  const positions = new Map(read?.positions ?? []);
  const resumeOf = (endpoint: string): WatchPosition | undefined => {
    if (since !== undefined) return { since, handled: [] };
    if (path === undefined) return undefined;
    const position = positions.get(endpoint);
    const on = endpoints.length > 1 ? ` on ${endpoint}` : '';
    if (position) log(`resuming${on} from ${new Date(position.since * 1000).toISOString()}, where ${path} says the last watch stopped`);
    else log(`starting${on} from now: ${read && 'why' in read ? read.why : `${path} holds no position for ${endpoint}`}`);
    return position;
  };
  const resume = new Map(endpoints.map((endpoint) => [endpoint, resumeOf(endpoint)]));
  if (path === undefined) return { resume, persist: undefined };
  const now = Math.floor(Date.now() / 1000);
  for (const endpoint of endpoints) positions.set(endpoint, resume.get(endpoint) ?? { since: now, handled: [] });
  // Written at once, so that a state file dockward cannot write is exit 2 now, not a surprise after a crash.
  try {
    writeWatchState(path, positions);
  } catch (error) {
    throw new UsageError(`--state ${path}: cannot write it (${fileErrorReason(error)})`);
  }
  let failing = false;
  /** Persists a position; a failing write is logged once until one succeeds again. */
  const persist = (endpoint: string) => (position: WatchPosition) => {
    positions.set(endpoint, position);
    try {
      writeWatchState(path, positions);
      failing = false;
    } catch (error) {
      if (!failing) log(`cannot write ${path}: ${fileErrorReason(error)}; a restart would replay from an older position`);
      failing = true;
    }
  };
  return { resume, persist };
}

/**
 * `dockward watch`: audits containers as the engine creates, starts and
 * execs into them, until SIGTERM or SIGINT. The first signal stops the
 * watch and gives the webhook its grace; a second one, or anything still
 * waiting past the grace (an engine request that never returns), exits at once.
 */
export async function runWatch(
  options: WatchCommandOptions,
  io: CliIO,
  signals: NodeJS.EventEmitter = process,
  exit: (code?: number) => void = (code) => process.exit(code),
): Promise<number> {
  if (!['table', 'text', 'json'].includes(options.format)) throw new UsageError(`--format must be table or json (got "${options.format}")`);
  const port = parsePort(options.metricsPort);
  const webhookUrl = parseWebhook(options.webhook);
  const settings = await resolveAuditSettings({
    format: 'json',
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  reportProblems(io, settings.configProblems);
  const connected = await connectEngines(
    { hosts: options.host ?? [], contexts: options.context ?? [], allContexts: options.allContexts === true },
    io,
  );
  const log = (message: string) => io.stderr.write(`dockward: ${terminalSafe(message)}\n`);
  // One daemon reached two ways would report every event twice: it is watched under the name given first.
  const { distinct: engines, repeated } = connected.length > 1 ? await distinctEngines(connected) : { distinct: connected, repeated: [] };
  for (const { engine, of } of repeated) {
    log(`${engine.endpoint.url} is the engine ${of.endpoint.url} reaches (the same daemon and containers): watched once`);
    engine.close();
  }
  const endpoints = engines.map((engine) => engine.endpoint.url);

  const { resume, persist } = statePositions(options, endpoints, log);
  const metrics = new WatchMetrics();
  const server = port === undefined ? undefined : await serveMetrics(metrics, port, options.metricsHost);
  if (server) log(`metrics on http://${options.metricsHost}:${port}/metrics`);
  const webhook =
    webhookUrl === undefined
      ? undefined
      : new WebhookQueue({
          url: webhookUrl,
          log,
          onSent: () => metrics.webhook.inc({ outcome: 'sent' }),
          onDropped: (reason) => metrics.webhook.inc({ outcome: reason }),
        });
  const format = formatter(options.format, io, engines.length > 1);

  const controller = new AbortController();
  let deadline = Number.POSITIVE_INFINITY;
  const stop = (signal: keyof typeof SIGNAL_EXIT) => {
    if (controller.signal.aborted) {
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    deadline = Date.now() + SHUTDOWN_GRACE_MS;
    setTimeout(() => exit(), SHUTDOWN_GRACE_MS + EXIT_MARGIN_MS).unref();
    controller.abort();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  signals.on('SIGTERM', onTerm);
  signals.on('SIGINT', onInt);
  try {
    // Each engine on its own stream, reconnecting on its own: one that is down does not stop the others.
    await Promise.all(
      engines.map((engine) => {
        const label = { engine: engine.endpoint.url };
        const from = resume.get(engine.endpoint.url);
        return watchEngine({
          engine,
          rules: RULES,
          policy: dailyPolicy(settings),
          secretFingerprint: settings.secretFingerprint,
          signal: controller.signal,
          log,
          ...(from !== undefined && { resume: from }),
          ...(persist !== undefined && { onPosition: persist(engine.endpoint.url) }),
          report(finding, event) {
            io.stdout.write(format(finding, event));
            metrics.findings.inc({ ...label, rule: finding.ruleId, severity: finding.severity });
            webhook?.push(findingWithEvent(finding, event));
          },
          unaudited(event) {
            log(unauditedLine(event));
            metrics.unaudited.inc({ ...label, event: event.action });
          },
          onAudit: (event, lag) => {
            metrics.audited.inc({ ...label, event: event.action });
            metrics.lag.observe(label, lag);
          },
          onReconnect: () => metrics.reconnects.inc(label),
        });
      }),
    );
  } finally {
    await webhook?.close(Math.max(0, Math.min(SHUTDOWN_GRACE_MS, deadline - Date.now())));
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    signals.removeListener('SIGTERM', onTerm);
    signals.removeListener('SIGINT', onInt);
    for (const engine of engines) engine.close();
  }
  return settings.configProblems.length > 0 ? ExitCode.usage : ExitCode.ok;
}
