import type { Report } from '../evaluation/report.js';
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
}

function withStore<T>(options: { db?: string }, io: CliIO, access: HistoryAccess, use: (store: HistoryStore) => T): T {
  return withHistory(databasePath(options.db, io.env), access, use);
}

/** `--save`: records the report; says where on stderr, so stdout stays the report. */
export function saveToHistory(report: Report, options: { db?: string }, io: CliIO): void {
  const id = withStore(options, io, 'write', (store) => store.save(report, new Date()));
  io.stderr.write(`dockward: saved as scan ${id} in ${databasePath(options.db, io.env)}\n`);
}

function requireFormat(format: string): 'table' | 'json' {
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json (got "${format}")`);
  return format;
}

/** `dockward history`: the saved scans, oldest first. */
export function runHistory(options: HistoryOptions, io: CliIO): number {
  const format = requireFormat(options.format);
  const scans = withStore(options, io, 'read', (store) => store.scans());
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
export function runDiff(older: string | undefined, newer: string | undefined, options: HistoryOptions, io: CliIO): number {
  const format = requireFormat(options.format);
  const { from, to, diff } = withStore(options, io, 'read', (store) => {
    const [from, to] = pickScans(store.scans(), older, newer);
    return { from, to, diff: diffFindings(store.findings(from.id), store.findings(to.id)) };
  });
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    return ExitCode.ok;
  }
  io.stdout.write(formatDiff(from, to, diff));
  return ExitCode.ok;
}
