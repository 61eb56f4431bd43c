import type { Report } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import { parseHostUrl } from '../docker/endpoint.js';
import { reportSourceNames } from '../reporters/report-source.js';
import { UsageError } from '../errors.js';
import { diffFindings } from '../history/diff.js';
import { databasePath, withHistory, type HistoryAccess, type HistoryStore, type SavedScan } from '../history/history-store.js';
import { terminalSafe } from '../reporters/escape.js';
import { formatDiff, formatScans } from '../reporters/history.js';
import { ExitCode } from './exit-codes.js';
import type { CliIO } from './options.js';

export interface HistoryOptions {
  db?: string;
  format: string;
  /** Only the scans of this engine, and of a fleet scan only this engine's findings. */
  host?: string;
}

function withStore<T>(
  options: { db?: string },
  io: CliIO,
  access: HistoryAccess,
  use: (store: HistoryStore) => T | Promise<T>,
): Promise<T> {
  return withHistory(databasePath(options.db, io.env), access, use);
}

/** `--save`: records the report; says where on stderr, so stdout stays the report. */
export async function saveToHistory(report: Report, options: { db?: string }, io: CliIO): Promise<void> {
  const { id, location } = await withStore(options, io, 'write', async (store) => ({
    id: await store.save(report, new Date()),
    location: store.location,
  }));
  io.stderr.write(`dockward: saved as scan ${id} in ${location}\n`);
}

/** The scans that audited the engine --host names (all of them without it). */
function scansOf(scans: readonly SavedScan[], host: string | undefined): SavedScan[] {
  return host === undefined ? [...scans] : scans.filter((scan) => reportSourceNames(scan.engine).includes(host));
}

/**
 * A scan's findings on the engine --host names (all without it). A one-engine
 * scan saved before findings named their engine has them on its engine, so
 * that they match the same findings of a later scan (see baselineKey).
 */
function findingsOn(scan: SavedScan, findings: readonly Finding[], host: string | undefined): Finding[] {
  const engine = scan.engine.source === 'engine' ? scan.engine.endpoint : undefined;
  const named = findings.map((finding) => (finding.engine === undefined && engine !== undefined ? { ...finding, engine } : finding));
  return host === undefined ? named : named.filter((finding) => finding.engine === host);
}

function requireFormat(format: string): 'table' | 'json' {
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json (got "${format}")`);
  return format;
}

/** --host as reports name the engine (a socket path normalised, a password redacted), so that it matches what was saved. */
function hostOf(options: HistoryOptions): string | undefined {
  return options.host === undefined ? undefined : parseHostUrl(options.host, '--host').url;
}

/** `dockward history`: the saved scans, oldest first. */
export async function runHistory(options: HistoryOptions, io: CliIO): Promise<number> {
  const format = requireFormat(options.format);
  const scans = scansOf(await withStore(options, io, 'read', (store) => store.scans()), hostOf(options));
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(scans, null, 2)}\n`);
    return ExitCode.ok;
  }
  io.stdout.write(formatScans(scans));
  return ExitCode.ok;
}

function pickScans(scans: readonly SavedScan[], older: string | undefined, newer: string | undefined): [SavedScan, SavedScan] {
  const byId = (text: string): SavedScan => {
    const scan = scans.find((candidate) => String(candidate.id) === text);
    if (!scan) throw new UsageError(`there is no saved scan "${terminalSafe(text)}" (dockward history lists them)`);
    return scan;
  };
  if (older !== undefined && newer !== undefined) return [byId(older), byId(newer)];
  if (older !== undefined) {
    const last = scans.at(-1);
    if (!last) throw new UsageError('there are no saved scans (dockward scan --save records one)');
    return [byId(older), last];
  }
  const [previous, last] = scans.slice(-2);
  if (!previous || !last)
    throw new UsageError(
      `diff needs two saved scans and there ${scans.length === 1 ? 'is one' : 'are none'} (dockward scan --save records one)`,
    );
  return [previous, last];
}

/** `dockward diff [OLD] [NEW]`: new, resolved and unchanged findings, per target. Default: the last two scans. */
export async function runDiff(older: string | undefined, newer: string | undefined, options: HistoryOptions, io: CliIO): Promise<number> {
  const format = requireFormat(options.format);
  const host = hostOf(options);
  const { from, to, diff } = await withStore(options, io, 'read', async (store) => {
    const [from, to] = pickScans(scansOf(await store.scans(), host), older, newer);
    const [before, after] = await Promise.all([store.findings(from.id), store.findings(to.id)]);
    return { from, to, diff: diffFindings(findingsOn(from, before, host), findingsOn(to, after, host)) };
  });
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    return ExitCode.ok;
  }
  io.stdout.write(formatDiff(from, to, diff));
  return ExitCode.ok;
}
