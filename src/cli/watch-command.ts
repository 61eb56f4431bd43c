import { createColors } from 'picocolors';
import { UsageError } from '../errors.js';
import type { Finding } from '../model/finding.js';
import { terminalSafe } from '../reporters/escape.js';
import { findingWithEvent, watchLine } from '../reporters/watch-line.js';
import { RULES } from '../rules/index.js';
import { WatchMetrics } from '../watch/metrics.js';
import { watchEngine, type WatchEvent } from '../watch/watcher.js';
import { WebhookQueue } from '../watch/webhook.js';
import { dailyPolicy } from '../config/build-policy.js';
import { resolveAuditSettings } from './audit-settings.js';
import { connectEngine } from './connect-engine.js';
import { ExitCode } from './exit-codes.js';
import { reportProblems } from './output.js';
import { useColor, type CliIO } from './options.js';

export interface WatchCommandOptions {
  host?: string;
  format: string;
  webhook?: string;
  metricsPort?: string;
  metricsHost: string;
  profile?: string;
  config?: string;
}

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

/** One line per finding: JSON for machines, or a line a person reads in a terminal. */
function formatter(format: string, io: CliIO): (finding: Finding, event: WatchEvent) => string {
  if (format === 'json') return (finding, event) => `${JSON.stringify(findingWithEvent(finding, event))}\n`;
  const colors = createColors(useColor(io.stdout, io.env));
  return (finding, event) => watchLine(finding, event, colors, new Date());
}

/**
 * `dockward watch`: audits containers as the engine creates, starts and
 * execs into them, until SIGTERM or SIGINT.
 */
export async function runWatch(options: WatchCommandOptions, io: CliIO, signals: NodeJS.EventEmitter = process): Promise<number> {
  if (options.format !== 'json' && options.format !== 'text')
    throw new UsageError(`--format must be text or json (got "${options.format}")`);
  const port = parsePort(options.metricsPort);
  const webhookUrl = parseWebhook(options.webhook);
  const settings = await resolveAuditSettings({
    format: 'json',
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  reportProblems(io, settings.configProblems);
  const engine = await connectEngine(options.host, io);

  const log = (message: string) => io.stderr.write(`dockward: ${terminalSafe(message)}\n`);
  const metrics = new WatchMetrics();
  const server = port === undefined ? undefined : await metrics.serve(port, options.metricsHost);
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
  const format = formatter(options.format, io);

  const controller = new AbortController();
  const stop = () => controller.abort();
  signals.once('SIGTERM', stop);
  signals.once('SIGINT', stop);
  try {
    await watchEngine({
      engine,
      rules: RULES,
      policy: dailyPolicy(settings),
      secretFingerprint: settings.secretFingerprint,
      signal: controller.signal,
      log,
      report(finding, event) {
        io.stdout.write(format(finding, event));
        metrics.findings.inc({ rule: finding.ruleId, severity: finding.severity });
        webhook?.push(findingWithEvent(finding, event));
      },
      onAudit: (event, lag) => {
        metrics.audited.inc({ event: event.action });
        metrics.lag.observe(lag);
      },
      onReconnect: () => metrics.reconnects.inc(),
    });
  } finally {
    signals.removeListener('SIGTERM', stop);
    signals.removeListener('SIGINT', stop);
    await webhook?.flush(5000);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
  return settings.configProblems.length > 0 ? ExitCode.usage : ExitCode.ok;
}
