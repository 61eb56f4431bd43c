import { join } from 'node:path';
import type { Report, ReportSource } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import { UsageError } from '../errors.js';

/** One saved scan, as `dockward history` lists it. */
export interface SavedScan {
  id: number;
  createdAt: string;
  toolVersion: string;
  engine: ReportSource;
  profile: string;
  targets: number;
  /** As stored: a database written by hand or by another version may lack a severity. */
  summary: Partial<Record<Severity, number>>;
}

/**
 * `write` creates and migrates the database, for saving; `read` (history,
 * diff, the HTML trend) changes nothing, so a database the user may only read
 * serves, and a missing one is reported instead of created.
 */
export type HistoryAccess = 'read' | 'write';

/** Saved scans in SQLite (the default, a file) or PostgreSQL (a server many machines report to). */
export interface HistoryStore {
  /** The database as messages name it: a file, or a URL without its password. */
  readonly location: string;
  /** Records a scan in one transaction; returns its id. */
  save(report: Report, createdAt: Date): number | Promise<number>;
  /** Every saved scan, oldest first. */
  scans(): SavedScan[] | Promise<SavedScan[]>;
  /** A scan's findings, in the order the report gave them. */
  findings(scanId: number): Finding[] | Promise<Finding[]>;
  close(): void | Promise<void>;
}

/**
 * A `--db` that names a PostgreSQL server rather than a file. One that starts
 * like such a URL but is not one (`postgresql:user@host`) is refused rather
 * than taken for a file name, which would put the text on disk.
 */
export function isPostgresUrl(db: string): boolean {
  if (!/^postgres(ql)?:/i.test(db)) return false;
  if (!/^postgres(ql)?:\/\//i.test(db))
    throw new UsageError('--db: a PostgreSQL database is named by a postgresql://[user@]host/database URL (libpq form)');
  return true;
}

/** The database `--db` names, else the default file. */
export function databasePath(db: string | undefined, env: NodeJS.ProcessEnv): string {
  return db ?? defaultDatabasePath(env);
}

/** $XDG_STATE_HOME/dockward/history.db, else ~/.local/state/dockward/history.db, as the XDG base directory spec says. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv): string {
  const state = env['XDG_STATE_HOME'] || join(env['HOME'] || '/root', '.local', 'state');
  return join(state, 'dockward', 'history.db');
}

/** Opens the database (each backend loaded only when used), hands it to `use`, and closes it whatever happens. */
export async function withHistory<T>(db: string, access: HistoryAccess, use: (store: HistoryStore) => T | Promise<T>): Promise<T> {
  const store: HistoryStore = isPostgresUrl(db)
    ? await (await import('./postgres-history.js')).PostgresHistory.open(db, access)
    : (await import('./sqlite-history.js')).SqliteHistory.open(db, access);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
