import { startAuthzServer } from '../authz/authz-server.js';
import type { DockerEngine } from '../docker/engine-client.js';
import type { EngineLookup } from '../sources/authz-request/authz-request.js';
import { connectEngine } from './connect-engine.js';
import { UsageError } from '../errors.js';
import { RULES } from '../rules/index.js';
import { dailyPolicy, resolveAuditSettings } from './audit-settings.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './options.js';

export interface AuthzServeOptions {
  socket: string;
  mode: string;
  timeoutMs: string;
  failMode: string;
  failOn?: string;
  profile?: string;
  config?: string;
  host?: string;
}


/**
 * Volumes and containers a request names, read from the engine the plugin
 * guards (connected on first use: the plugin starts before dockerd). These
 * reads pass the plugin itself.
 */
function engineLookup(host: string | undefined, io: CliIO): EngineLookup {
  let engine: Promise<DockerEngine> | undefined;
  const connected = () => (engine ??= connectEngine(host, io));
  return {
    async volume(name) {
      const volume = (await (await connected()).inspectVolume(name)) as { Driver?: unknown; Options?: unknown } | undefined;
      if (volume === undefined) return undefined;
      const options = volume.Options !== null && typeof volume.Options === 'object' ? (volume.Options as Record<string, string>) : undefined;
      return { ...(typeof volume.Driver === 'string' && { driver: volume.Driver }), ...(options && { options }) };
    },
    container: async (name) => (await connected()).inspectContainer(name),
  };
}

/**
 * `dockward authz serve`: the authorization plugin, until SIGTERM or SIGINT.
 * The policy (configuration, waivers, --fail-on) is read once at start.
 */
export async function runAuthzServe(options: AuthzServeOptions, io: CliIO, signals: NodeJS.EventEmitter = process): Promise<number> {
  const timeoutMs = Number(options.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) throw new UsageError(`--timeout-ms must be a whole number from 1 to 60000 (got "${options.timeoutMs}")`);
  const settings = await resolveAuditSettings({
    format: 'json',
    ...(options.failOn !== undefined && { failOn: options.failOn }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  for (const problem of settings.configProblems) io.stderr.write(`dockward: ${problem.message}\n`);
  const mode = options.mode === 'audit' ? 'audit' : 'enforce';
  const server = await startAuthzServer({
    socketPath: options.socket,
    mode,
    timeoutMs,
    failMode: options.failMode === 'open' ? 'open' : 'closed',
    settings: { policy: dailyPolicy(settings), failOn: settings.failOn, rules: RULES, engine: engineLookup(options.host, io) },
    log: (entry) => io.stdout.write(`${JSON.stringify(entry)}\n`),
  });
  io.stderr.write(`dockward: authorization plugin listening on ${options.socket} (${mode} mode, fail-on ${settings.failOn}${settings.config ? `, ${settings.config.file}` : ''})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  await server.close();
  return settings.configProblems.length > 0 ? ExitCode.usage : ExitCode.ok;
}
