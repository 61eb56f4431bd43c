import { writeFile } from 'node:fs/promises';
import { evaluate } from '../engine/evaluate.js';
import { buildReport, reachesThreshold, type ReportEngine } from '../engine/report.js';
import { InputError, UsageError } from '../errors.js';
import type { HostSecurity } from '../model/host.js';
import { isSeverity, type Severity } from '../model/severity.js';
import type { ContainerTarget, EngineTarget } from '../model/target.js';
import { DEFAULT_PROFILE, PROFILES, type Profile } from '../rules/define-rule.js';
import { renderJson } from '../reporters/json.js';
import { renderTable } from '../reporters/table.js';
import { RULES } from '../rules/index.js';
import { ExitCode } from './exit-codes.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanOptions {
  host?: string;
  inspect?: string;
  running?: boolean;
  name?: string[];
  label?: string[];
  id?: string[];
  format: string;
  output?: string;
  failOn: string;
  showCaps?: boolean;
  concurrency: string;
  profile?: string;
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return stream.isTTY === true;
}

export function parseProfile(value: string | undefined): Profile | 'all' {
  const profile = value ?? DEFAULT_PROFILE;
  if (profile !== 'all' && !(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${[...PROFILES, 'all'].join(', ')} (got "${profile}")`);
  }
  return profile as Profile | 'all';
}

function parseOptions(options: ScanOptions): { format: Format; failOn: Severity | 'none'; concurrency: number; profile: Profile | 'all' } {
  const format = options.format as Format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`);
  }
  const failOn = options.failOn;
  if (failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${failOn}")`);
  }
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${options.concurrency}")`);
  }
  if (options.inspect !== undefined && (options.host || options.running || options.name || options.label || options.id)) {
    throw new UsageError('--inspect reads a file; --host, --running, --name, --label and --id apply to a live scan only');
  }
  return { format, failOn, concurrency, profile: parseProfile(options.profile) };
}

function progressReporter(io: CliIO): ((done: number, total: number) => void) | undefined {
  // Only for people watching a terminal, and only when the wait is noticeable.
  if (io.stderr.isTTY !== true || io.env['CI']) return undefined;
  return (done, total) => {
    if (total < 20) return;
    io.stderr.write(done === total ? '\r\x1b[2K' : `\rinspecting containers ${done}/${total}`);
  };
}

export async function runScan(options: ScanOptions, io: CliIO): Promise<number> {
  const { format, failOn, concurrency, profile } = parseOptions(options);
  let targets: ContainerTarget[];
  let engineTarget: EngineTarget | undefined;
  let engine: ReportEngine;
  let host: HostSecurity;
  let problems: InputError[] = [];

  if (options.inspect !== undefined) {
    const { readInspectFile } = await import('../sources/inspect/inspect-file.js');
    const result = await readInspectFile(options.inspect);
    ({ targets, problems } = result);
    engine = { source: 'inspect-file', file: options.inspect };
    host = {};
  } else {
    // Only a live scan loads the Docker client.
    const [{ resolveEndpoint }, { connectDocker }, { scanEngine }] = await Promise.all([
      import('../docker/endpoint.js'),
      import('../docker/engine-client.js'),
      import('../sources/engine/engine-source.js'),
    ]);
    const endpoint = resolveEndpoint({ ...(options.host !== undefined && { hostFlag: options.host }), env: io.env });
    const onProgress = progressReporter(io);
    const scan = await scanEngine(connectDocker(endpoint), {
      running: options.running === true,
      names: options.name ?? [],
      labels: options.label ?? [],
      ids: options.id ?? [],
      concurrency,
      ...(onProgress && { onProgress }),
    });
    targets = scan.targets;
    engineTarget = scan.engineTarget;
    engine = { source: 'engine', ...scan.engine };
    host = scan.engine.security;
  }

  const evaluation = evaluate({ containers: targets, host, ...(engineTarget && { engine: engineTarget }) }, RULES, { profile });
  const report = buildReport(evaluation, engine, profile, io.version);
  const rendered =
    format === 'json'
      ? renderJson(report)
      : renderTable(report, {
          color: options.output === undefined && useColor(io.stdout, io.env),
          showCapabilities: options.showCaps === true,
        });
  if (options.output !== undefined) {
    try {
      await writeFile(options.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${options.output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else {
    io.stdout.write(rendered);
  }
  for (const problem of problems) io.stderr.write(`dockward: ${problem.message}\n`);
  if (problems.length > 0) return ExitCode.usage;
  return reachesThreshold(report, failOn) ? ExitCode.findings : ExitCode.ok;
}
