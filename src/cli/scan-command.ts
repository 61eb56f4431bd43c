import type { ReportSource } from '../evaluation/report.js';
import { readNamedText } from '../sources/source-adapter.js';
import { InputError, UsageError } from '../errors.js';
import { INSPECT_FILE_LIMIT, readInputStream, readInputText, fileErrorReason } from '../files/input-file.js';
import type { HostSecurity } from '../model/host.js';
import type { ContainerTarget, EngineTarget } from '../model/target.js';
import { resolveAuditSettings } from './audit-settings.js';
import { connectEngine } from './connect-engine.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO, ReportOptions } from './options.js';

export interface ScanOptions extends ReportOptions {
  host?: string;
  inspect?: string;
  running?: boolean;
  name?: string[];
  label?: string[];
  /** A filter may match no container (monitoring jobs). */
  allowEmpty?: boolean;
  id?: string[];
  concurrency: string;
}

function parseConcurrency(options: ScanOptions): number {
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${options.concurrency}")`);
  }
  if (options.inspect !== undefined && (options.host || options.running || options.name || options.label || options.id)) {
    throw new UsageError('--inspect reads a file; --host, --running, --name, --label and --id apply to a live scan only');
  }
  return concurrency;
}

/** The text of `--inspect FILE`; `-` is standard input. */
async function inspectInput(file: string): Promise<string> {
  try {
    return file === '-' ? await readInputStream(process.stdin, INSPECT_FILE_LIMIT) : readInputText(file, INSPECT_FILE_LIMIT);
  } catch (error) {
    throw new InputError({ file }, `cannot read the file (${fileErrorReason(error)})`);
  }
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
  const concurrency = parseConcurrency(options);
  // Read while the engine answers; a problem with it still ends the run before any output.
  const settings = resolveAuditSettings(options);
  settings.catch(() => undefined);
  // A live scan mostly waits for the engine: the rules, secretlint and the reporters load meanwhile.
  const audit = import('./audit.js');
  let targets: ContainerTarget[];
  let engineTarget: EngineTarget | undefined;
  let engine: ReportSource;
  let host: HostSecurity;
  let problems: InputError[] = [];

  if (options.inspect !== undefined) {
    const [{ fileSource }, text] = await Promise.all([import('../sources/registry.js'), inspectInput(options.inspect)]);
    ({ targets, problems } = await readNamedText(fileSource('inspect-json'), options.inspect, text));
    engine = { source: 'inspect-file', file: options.inspect };
    host = {};
  } else {
    // Only a live scan loads the Docker client.
    const [engineClient, { scanEngine }] = await Promise.all([
      connectEngine(options.host, io),
      import('../sources/engine/engine-source.js'),
    ]);
    const onProgress = options.quiet ? undefined : progressReporter(io);
    const scan = await scanEngine(engineClient, {
      running: options.running === true,
      names: options.name ?? [],
      labels: options.label ?? [],
      ids: options.id ?? [],
      concurrency,
      ...(onProgress && { onProgress }),
    });
    targets = scan.targets;
    if (targets.length === 0 && !options.allowEmpty) refuseEmptyFilter(options);
    engineTarget = scan.engineTarget;
    engine = { source: 'engine', ...scan.engine };
    host = scan.engine.security;
  }

  const { auditAndReport } = await audit;
  const filtered = options.running === true || options.name !== undefined || options.label !== undefined || options.id !== undefined;
  return auditAndReport(
    { containers: targets, host, ...(engineTarget && { engine: engineTarget }) },
    engine,
    problems,
    await settings,
    { complete: !filtered },
    options,
    io,
  );
}

/**
 * A filter that matches nothing is a usage error, naming the filter: a typo
 * in CI would otherwise audit nothing and pass. --allow-empty is for jobs
 * where none is normal.
 */
function refuseEmptyFilter({ name, label, id }: ScanOptions): void {
  const filters = [
    ...(name ?? []).map((value) => `--name ${value}`),
    ...(label ?? []).map((value) => `--label ${value}`),
    ...(id ?? []).map((value) => `--id ${value}`),
  ];
  if (filters.length === 0) return;
  throw new UsageError(`no container matches ${filters.join(' ')}: check the filter, or pass --allow-empty where none is normal`);
}

/** `dockward baseline FILE`: what scan finds now, as the JSON report that --baseline reads. */
export async function runBaseline(file: string, options: Omit<ScanOptions, 'format'>, io: CliIO): Promise<number> {
  const code = await runScan({ ...options, format: 'json', output: file, failOn: 'none', quiet: true }, io);
  if (code === ExitCode.ok)
    io.stderr.write(`dockward: wrote the baseline ${file}; later runs with --baseline ${file} report only new findings\n`);
  return code;
}
