import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Report, ReportSource } from '../evaluation/report.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

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

/** The database `--db` names, else the default one. */
export function databasePath(db: string | undefined, env: NodeJS.ProcessEnv): string {
  return db ?? defaultDatabasePath(env);
}

/** Opens the database, hands it to `use`, and closes it whatever happens. */
export function withHistory<T>(path: string, use: (store: HistoryStore) => T): T {
  const store = HistoryStore.open(path);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

/** $XDG_STATE_HOME/dockward/history.db, else ~/.local/state/dockward/history.db, as the XDG base directory spec says. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv): string {
  const state = env['XDG_STATE_HOME'] || join(env['HOME'] || '/root', '.local', 'state');
  return join(state, 'dockward', 'history.db');
}

/**
 * Schema migrations, applied in order inside one write transaction; the
 * database's user_version says how many have run. Append, never edit.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE scans (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     tool_version TEXT NOT NULL,
     engine TEXT NOT NULL,
     profile TEXT NOT NULL,
     summary TEXT NOT NULL
   );
   CREATE TABLE targets (
     scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
     target_id TEXT NOT NULL,
     name TEXT NOT NULL,
     kind TEXT NOT NULL,
     image TEXT,
     PRIMARY KEY (scan_id, target_id)
   );
   CREATE TABLE findings (
     scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
     fingerprint TEXT NOT NULL,
     rule_id TEXT NOT NULL,
     severity TEXT NOT NULL,
     target TEXT NOT NULL,
     finding TEXT NOT NULL
   );
   CREATE INDEX findings_by_scan ON findings (scan_id, fingerprint);`,
];

/** How long a save waits for another process's save to finish before giving up. */
const BUSY_TIMEOUT_MS = 15_000;

/**
 * A finding as stored: without its secret fingerprint. With a stable
 * DOCKWARD_FINGERPRINT_KEY that keyed hash could confirm a guessed password
 * offline, and a database file travels further than a report.
 */
function storable(finding: Finding): Finding {
  if (finding.evidence?.['fingerprint'] === undefined) return finding;
  const { fingerprint: _secretFingerprint, ...evidence } = finding.evidence;
  return { ...finding, evidence };
}

/**
 * Switching a new database to WAL, and the first migration, take locks that
 * SQLite refuses with SQLITE_BUSY at once, without waiting for the busy
 * timeout, when another process opening the same new file holds one (it
 * would deadlock otherwise): such work is tried again until the timeout.
 */
function retryWhileBusy<T>(work: () => T): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return work();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 40);
    }
  }
}

/** The history of saved scans in an SQLite file (WAL, so readers never block a save). */
export class HistoryStore {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Opens (creating when missing) and migrates the database. A file that is not one is reported, never overwritten. */
  static open(path: string): HistoryStore {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const opened = new Database(path, { timeout: BUSY_TIMEOUT_MS });
      db = opened;
      retryWhileBusy(() => opened.pragma('journal_mode = WAL'));
      opened.pragma('foreign_keys = ON');
      const store = new HistoryStore(opened, path);
      retryWhileBusy(() => store.migrate());
      return store;
    } catch (error) {
      db?.close();
      throw new UsageError(
        `cannot use the history database ${path}: ${describeSqliteError(error)}; it was left as it is (choose another file with --db)`,
      );
    }
  }

  private migrate(): void {
    const version = () => this.db.pragma('user_version', { simple: true }) as number;
    if (version() > MIGRATIONS.length) throw new Error('it was written by a newer dockward');
    if (version() === MIGRATIONS.length) return;
    // IMMEDIATE: two processes opening a new database at once must not both migrate it.
    this.db
      .transaction(() => {
        for (let next = version(); next < MIGRATIONS.length; next++) {
          this.db.exec(MIGRATIONS[next] ?? '');
          this.db.pragma(`user_version = ${next + 1}`);
        }
      })
      .immediate();
  }

  /** Records a scan in one transaction; returns its id. */
  save(report: Report, createdAt: Date): number {
    const insertScan = this.db.prepare('INSERT INTO scans (created_at, tool_version, engine, profile, summary) VALUES (?, ?, ?, ?, ?)');
    const insertTarget = this.db.prepare('INSERT INTO targets (scan_id, target_id, name, kind, image) VALUES (?, ?, ?, ?, ?)');
    const insertFinding = this.db.prepare(
      'INSERT INTO findings (scan_id, fingerprint, rule_id, severity, target, finding) VALUES (?, ?, ?, ?, ?, ?)',
    );
    return this.db
      .transaction(() => {
        const scanId = Number(
          insertScan.run(
            createdAt.toISOString(),
            report.tool.version,
            JSON.stringify(report.engine),
            report.profile,
            JSON.stringify(report.summary),
          ).lastInsertRowid,
        );
        for (const target of report.targets)
          insertTarget.run(scanId, target.id, target.name, target.kind, 'image' in target ? (target.image ?? null) : null);
        for (const finding of report.findings) {
          insertFinding.run(
            scanId,
            finding.fingerprint,
            finding.ruleId,
            finding.severity,
            finding.target,
            JSON.stringify(storable(finding)),
          );
        }
        return scanId;
      })
      .immediate();
  }

  scans(): SavedScan[] {
    const rows = this.db
      .prepare('SELECT s.*, (SELECT count(*) FROM targets t WHERE t.scan_id = s.id) AS target_count FROM scans s ORDER BY s.id')
      .all() as {
      id: number;
      created_at: string;
      tool_version: string;
      engine: string;
      profile: string;
      summary: string;
      target_count: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      toolVersion: row.tool_version,
      engine: JSON.parse(row.engine) as ReportSource,
      profile: row.profile,
      targets: row.target_count,
      summary: JSON.parse(row.summary) as SavedScan['summary'],
    }));
  }

  findings(scanId: number): Finding[] {
    const rows = this.db.prepare('SELECT finding FROM findings WHERE scan_id = ? ORDER BY rowid').all(scanId) as { finding: string }[];
    return rows.map((row) => JSON.parse(row.finding) as Finding);
  }

  close(): void {
    this.db.close();
  }
}

function describeSqliteError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'the file is not an SQLite database or is damaged';
  if (code === 'SQLITE_BUSY') return 'another process held it locked for too long';
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOTDIR') return `it cannot be opened (${code})`;
  if (/bindings file|NODE_MODULE_VERSION/.test(message ?? '')) {
    return (
      "better-sqlite3's native module is missing or built for another Node.js (installed with --ignore-scripts?): " +
      'run npm rebuild better-sqlite3 where dockward is installed'
    );
  }
  return message ?? String(error);
}
