import type { EngineLeftOut, ReportSource } from '../evaluation/report.js';
import { readNamedText } from '../sources/source-adapter.js';
import { DockwardError, InputError, NoEngineAudited, UsageError } from '../errors.js';
import { INSPECT_FILE_LIMIT, readInputStream, readInputText, fileErrorReason } from '../files/input-file.js';
import type { ContainerTarget, EngineTarget } from '../model/target.js';
import { resolveAuditSettings } from './audit-settings.js';
import { connectEngines } from './connect-engine.js';
import type { EngineScan } from '../sources/engine/engine-source.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO, ReportOptions } from './options.js';

export interface ScanOptions extends ReportOptions {
  host?: string[];
  context?: string[];
  allContexts?: boolean;
  inspect?: string;
  running?: boolean;
  name?: string[];
  label?: string[];
  /** A filter may match no container (monitoring jobs). */
  allowEmpty?: boolean;
  id?: string[];
  concurrency: string;
  totalConcurrency: string;
}

function wholeNumber(flag: string, value: string, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  return number;
}

/** Inspect calls in flight: at most --concurrency on one engine, --total-concurrency over all of them. */
function parseConcurrency(options: ScanOptions): { perEngine: number; overall: number } {
  const perEngine = wholeNumber('--concurrency', options.concurrency, 64);
  const overall = wholeNumber('--total-concurrency', options.totalConcurrency, 1024);
  const live = options.host || options.context || options.allContexts || options.running || options.name || options.label || options.id;
  if (options.inspect !== undefined && live) {
    throw new UsageError(
      '--inspect reads a file; --host, --context, --all-contexts, --running, --name, --label and --id apply to a live scan only',
    );
  }
  return { perEngine, overall };
}

/** The text of `--inspect FILE`; `-` is standard input. */
async function inspectInput(file: string): Promise<string> {
  try {
    return file === '-' ? await readInputStream(process.stdin, INSPECT_FILE_LIMIT) : readInputText(file, INSPECT_FILE_LIMIT);
  } catch (error) {
    throw new InputError({ file }, `cannot read the file (${fileErrorReason(error)})`);
  }
}

/** Progress over every engine of the run: each reports its own count, the line shows the sums. */
function progressReporter(io: CliIO): ((engine: string) => (done: number, total: number) => void) | undefined {
  // Only for people watching a terminal, and only when the wait is noticeable.
  if (io.stderr.isTTY !== true || io.env['CI']) return undefined;
  const counts = new Map<string, { done: number; total: number }>();
  return (engine) => (done, total) => {
    counts.set(engine, { done, total });
    const sum = [...counts.values()].reduce((all, count) => ({ done: all.done + count.done, total: all.total + count.total }));
    if (sum.total < 20) return;
    io.stderr.write(sum.done === sum.total ? '\r\x1b[2K' : `\rinspecting containers ${sum.done}/${sum.total}`);
  };
}

export async function runScan(options: ScanOptions, io: CliIO): Promise<number> {
  const concurrency = parseConcurrency(options);
  // Read while the engine answers; a problem with it still ends the run before any output.
  const settings = resolveAuditSettings(options);
  settings.catch(() => undefined);
  // A live scan mostly waits for the engine: the rules, secretlint and the reporters load meanwhile, once the first
  // engine has been asked for its containers (compiling them first would hold that request back).
  let audit: Promise<typeof import('./audit.js')> | undefined;
  const loadAudit = () => (audit ??= import('./audit.js'));
  let scanned: LiveScan;
  if (options.inspect !== undefined) {
    void loadAudit();
    const [{ fileSource }, text] = await Promise.all([import('../sources/registry.js'), inspectInput(options.inspect)]);
    const { targets, problems } = await readNamedText(fileSource('inspect-json'), options.inspect, text);
    scanned = { targets, engines: [], source: { source: 'inspect-file', file: options.inspect }, problems, failed: [], notes: [] };
  } else {
    scanned = await scanEngines(options, concurrency, io, () => void loadAudit());
    if (scanned.targets.length === 0 && !options.allowEmpty) refuseEmptyFilter(options);
  }

  const { auditAndReport } = await loadAudit();
  if (scanned.notes.length > 0) {
    const { reportProblems } = await import('./output.js');
    reportProblems(
      io,
      scanned.notes.map((message) => ({ message })),
    );
  }
  const filtered = options.running === true || options.name !== undefined || options.label !== undefined || options.id !== undefined;
  const code = await auditAndReport(
    { containers: scanned.targets, engines: scanned.engines },
    scanned.source,
    scanned.problems,
    await settings,
    { complete: !filtered, failedEngines: scanned.failed },
    options,
    io,
  );
  // An engine left out means the run cannot vouch for the fleet: not a pass, whatever the others hold.
  return scanned.failed.length > 0 ? ExitCode.engine : code;
}

/** What a scan read: targets, the engines they are on, and what it could not read. */
interface LiveScan {
  targets: ContainerTarget[];
  engines: EngineTarget[];
  source: ReportSource;
  problems: InputError[];
  /** Engines that could not be audited, each with its reason. */
  failed: EngineLeftOut[];
  /** What the user is told on stderr about how the engines were read. */
  notes: string[];
}

/**
 * Every engine of the run at once, each with its own bound on inspects in
 * flight under one bound for them all. An engine that cannot be reached or
 * fails midway is left out with its reason while the others are audited;
 * when none can be, the run ends with exit code 3.
 */
async function scanEngines(
  options: ScanOptions,
  concurrency: { perEngine: number; overall: number },
  io: CliIO,
  onAsked: () => void,
): Promise<LiveScan> {
  // Only a live scan loads the Docker client.
  const [engines, { scanEngine }, { default: pLimit }] = await Promise.all([
    connectEngines({ hosts: options.host ?? [], contexts: options.context ?? [], allContexts: options.allContexts === true }, io),
    import('../sources/engine/engine-source.js'),
    import('p-limit'),
  ]);
  const overall = pLimit(concurrency.overall);
  const progress = options.quiet ? undefined : progressReporter(io);
  const filter = { running: options.running === true, names: options.name ?? [], labels: options.label ?? [], ids: options.id ?? [] };
  const outcomes = await Promise.allSettled(
    engines.map((engine) => {
      const onProgress = progress?.(engine.endpoint.url);
      return scanEngine(engine, {
        ...filter,
        concurrency: concurrency.perEngine,
        overall,
        onAsked,
        ...(onProgress && { onProgress }),
      }).finally(() => engine.close());
    }),
  );
  const scans: EngineScan[] = [];
  const failed: LiveScan['failed'] = [];
  const notes: string[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') {
      // One daemon reached two ways (Docker Desktop's default and desktop-linux contexts, a socket and its TCP
      // address): reported once, under the name given first, or its containers would be counted twice.
      const { identity } = outcome.value;
      const same = identity === undefined ? undefined : scans.find((scan) => scan.identity === identity);
      if (same === undefined) scans.push(outcome.value);
      else
        notes.push(
          `${outcome.value.engine.endpoint} is the engine ${same.engine.endpoint} reaches (the same daemon and containers): reported once`,
        );
    } else if (outcome.reason instanceof DockwardError && outcome.reason.exitCode === ExitCode.engine)
      failed.push({ engine: engines[index]?.endpoint.url ?? '', message: outcome.reason.message.split('\n')[0] ?? '' });
    else throw outcome.reason;
  });
  const [only] = outcomes;
  // One engine, as before: its error is the run's.
  if (engines.length === 1 && only?.status === 'rejected') throw only.reason;
  if (scans.length === 0) throw new NoEngineAudited(failed.map(({ message }) => message));
  return {
    targets: scans.flatMap((scan) => scan.targets),
    engines: scans.map((scan) => scan.engineTarget),
    source:
      engines.length === 1 && scans[0]
        ? { source: 'engine', ...scans[0].engine }
        : { source: 'engines', engines: scans.map((scan) => scan.engine) },
    problems: [],
    failed,
    notes,
  };
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
