import { realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import { startAuthzServer } from '../authz/authz-server.js';
import type { DockerEngine } from '../docker/engine-client.js';
import type { GuardedHost } from '../sources/authz-request/authz-request.js';
import { resolveEndpoint } from '../docker/endpoint.js';
import { connectEngine } from './connect-engine.js';
import { errorMessage, UsageError } from '../errors.js';
import { RULES } from '../rules/index.js';
import { dailyPolicy } from '../config/build-policy.js';
import { resolveAuditSettings } from './audit-settings.js';
import { ExitCode } from './exit-codes.js';
import { reportProblems } from './output.js';
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
 * What a request names, read from the engine the plugin guards (connected
 * on first use: the plugin starts before dockerd; these reads pass the
 * plugin itself) and from this host, where dockerd runs too.
 */
function guardedHost(host: string | undefined, io: CliIO): GuardedHost {
  let engine: Promise<DockerEngine> | undefined;
  const connected = () => (engine ??= connectEngine(host, io));
  const record = (value: unknown): Record<string, unknown> | undefined =>
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  return {
    async volume(name) {
      const volume = record(await (await connected()).inspectVolume(name));
      if (volume === undefined) return undefined;
      const options = record(volume['Options']) as Record<string, string> | undefined;
      return { ...(typeof volume['Driver'] === 'string' && { driver: volume['Driver'] }), ...(options && { options }) };
    },
    container: async (name) => (await connected()).inspectContainer(name),
    exec: async (id) => (await connected()).inspectExec(id),
    async network(name) {
      const network = record(await (await connected()).inspectNetwork(name));
      return network && { ...(typeof network['Driver'] === 'string' && { driver: network['Driver'] }) };
    },
    hostPath: resolveHostPath,
    async passwd(container) {
      const file = await (await connected()).readContainerFile(container, '/etc/passwd', PASSWD_LIMIT);
      return file?.toString('utf8');
    },
  };
}

/** The unix socket of the engine the plugin guards, which may be anywhere (rootless, a private test engine). */
function guardedSockets(host: string | undefined, io: CliIO): string[] {
  const { socketPath } = resolveEndpoint({ ...(host !== undefined && { hostFlag: host }), env: io.env });
  return socketPath === undefined ? [] : [socketPath];
}

/** Larger than any real /etc/passwd; a larger file is not read. */
const PASSWD_LIMIT = 1024 * 1024;

/**
 * A path with its symbolic links resolved as far as it exists; the part
 * that does not exist yet is kept as written (dockerd creates a missing bind
 * source as a directory).
 */
async function resolveHostPath(path: string): Promise<string> {
  const missing: string[] = [];
  for (let existing = posix.resolve('/', path); ; existing = posix.dirname(existing)) {
    try {
      return posix.join(await realpath(existing), ...missing);
    } catch {
      if (existing === '/') return posix.resolve('/', path);
      missing.unshift(posix.basename(existing));
    }
  }
}

/**
 * `dockward authz serve`: the authorization plugin, until SIGTERM or SIGINT.
 * The policy (configuration, waivers, --fail-on) is read once at start.
 */
export async function runAuthzServe(options: AuthzServeOptions, io: CliIO, signals: NodeJS.EventEmitter = process): Promise<number> {
  const timeoutMs = Number(options.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000)
    throw new UsageError(`--timeout-ms must be a whole number from 1 to 60000 (got "${options.timeoutMs}")`);
  const settings = await resolveAuditSettings({
    format: 'json',
    ...(options.failOn !== undefined && { failOn: options.failOn }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  reportProblems(io, settings.configProblems);
  const mode = options.mode === 'audit' ? 'audit' : 'enforce';
  // While dockerd is configured with the plugin, a plugin that is gone fails every API call: an error
  // nothing caught (a socket's, a library's) is logged, and the plugin goes on answering.
  const survive = (error: unknown) =>
    io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), decision: 'error', message: errorMessage(error) })}\n`);
  signals.on('uncaughtException', survive);
  signals.on('unhandledRejection', survive);
  const server = await startAuthzServer({
    socketPath: options.socket,
    mode,
    timeoutMs,
    failMode: options.failMode === 'open' ? 'open' : 'closed',
    settings: {
      policy: dailyPolicy(settings),
      failOn: settings.failOn,
      rules: RULES,
      host: guardedHost(options.host, io),
      engineSockets: guardedSockets(options.host, io),
      secretFingerprint: settings.secretFingerprint,
    },
    log: (entry) => io.stdout.write(`${JSON.stringify(entry)}\n`),
  });
  const how = [`${mode} mode`, `fail-on ${settings.failOn}`, ...(settings.config ? [settings.config.file] : [])].join(', ');
  io.stderr.write(`dockward: authorization plugin listening on ${options.socket} (${how})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  await server.close();
  return settings.configProblems.length > 0 ? ExitCode.usage : ExitCode.ok;
}
