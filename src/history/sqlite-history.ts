import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Report } from '../evaluation/report.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../model/finding.js';
import { DOCKWARD_TABLES, MIGRATIONS, savedScan, scansQuery, storable, type ScanRow } from './history-schema.js';
import type { HistoryAccess, HistoryStore, SavedScan } from './history-store.js';

const SQLITE = MIGRATIONS.map((migration) => migration({ identity: 'INTEGER PRIMARY KEY', insertionOrder: '' }));

/** How long a save waits for another process's save to finish before giving up. */
const BUSY_TIMEOUT_MS = 15_000;

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

/**
 * A WAL database can be read only where its -shm index can be created,
 * beside it: in a directory the user may not write, SQLite refuses even a
 * read-only connection (SQLITE_READONLY_DIRECTORY; SQLITE_CANTOPEN when the
 * directory is immutable, or the file unreadable, which reading the copy then
 * reports). Then dockward reads a copy in memory instead. Without a -wal file
 * holding changes, the main file is the whole database; a copy taken while a
 * save rewrites it is told by the file changing under it, and refused.
 */
function readCopy(path: string): Database.Database {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new Error('it has changes a save has not yet written back, and this user may not create the files needed to read them');
  }
  const before = statSync(path);
  const copy = readFileSync(path);
  const after = statSync(path);
  if (before.mtimeMs !== after.mtimeMs || before.size !== after.size) throw new Error('it changed while it was being read; try again');
  // An in-memory database cannot be in WAL mode: the copy's header says rollback journal (bytes 18 and 19, the read and write versions).
  if (copy[18] === 2 && copy[19] === 2) copy.fill(1, 18, 20);
  return new Database(copy, { readonly: true });
}

/** A read-only connection; the first read is what opens a WAL database's index, so it is tried here. */
function openReadOnly(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    retryWhileBusy(() => db.pragma('user_version'));
    return db;
  } catch (error) {
    db.close();
    const { code } = error as { code?: string };
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') throw error;
    return readCopy(path);
  }
}

/** The history of saved scans in an SQLite file (WAL, so readers never block a save); the default, which needs nothing installed. */
export class SqliteHistory implements HistoryStore {
  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
    /** Read access to a file with no schema yet (empty, or made by a save that had not migrated it): it holds no scans. */
    private readonly blank: boolean,
  ) {}

  /**
   * Opens the database; for `write`, creates it when missing and migrates it.
   * Before anything is written the file is checked to be a dockward database
   * and whole, so a file that is another program's, or damaged, is reported
   * and never changed.
   */
  static open(path: string, access: HistoryAccess): SqliteHistory {
    if (access === 'read' && !existsSync(path)) {
      throw new UsageError(`there is no history database at ${path} yet (dockward scan --save records the first scan)`);
    }
    let db: Database.Database | undefined;
    try {
      if (access === 'write') {
        mkdirSync(dirname(path), { recursive: true });
        db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
      } else db = openReadOnly(path);
      const opened = db;
      const version = retryWhileBusy(() => checkDatabase(opened));
      if (access === 'read') {
        // Refused rather than read: the queries are written for the current schema, and reading an older one would need queries
        // for each past version that nothing else uses. A save brings it up to date. Version 0 is a file no save has migrated.
        if (version > 0 && version < SQLITE.length) {
          throw new Error(`its schema is older than this dockward's; saving a scan to it (dockward scan --save --db ${path}) updates it`);
        }
        return new SqliteHistory(opened, path, version === 0);
      }
      retryWhileBusy(() => opened.pragma('journal_mode = WAL'));
      opened.pragma('foreign_keys = ON');
      const store = new SqliteHistory(opened, path, false);
      retryWhileBusy(() => store.migrate());
      return store;
    } catch (error) {
      db?.close();
      throw refusal(path, error);
    }
  }

  private migrate(): void {
    const version = () => this.db.pragma('user_version', { simple: true }) as number;
    if (version() === SQLITE.length) return;
    // IMMEDIATE: two processes opening a new database at once must not both migrate it.
    this.db
      .transaction(() => {
        for (let next = version(); next < SQLITE.length; next++) {
          this.db.exec(SQLITE[next] ?? '');
          this.db.pragma(`user_version = ${next + 1}`);
        }
      })
      .immediate();
  }

  /** SQLite's errors, such as damage found only on reading the page that holds it, reported as the open would. */
  private use<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof Database.SqliteError) throw refusal(this.location, error);
      throw error;
    }
  }

  /** Records a scan in one transaction; returns its id. */
  save(report: Report, createdAt: Date): number {
    return this.use(() => {
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
    });
  }

  scans(): SavedScan[] {
    if (this.blank) return [];
    return this.use(() => (this.db.prepare(scansQuery('')).all() as ScanRow[]).map(savedScan));
  }

  findings(scanId: number): Finding[] {
    if (this.blank) return [];
    const rows = this.use(
      () => this.db.prepare('SELECT finding FROM findings WHERE scan_id = ? ORDER BY rowid').all(scanId) as { finding: string }[],
    );
    return rows.map((row) => JSON.parse(row.finding) as Finding);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Reads, never writes: whether the file is a whole dockward database (or a
 * blank one), and its schema version. quick_check reads every page, so damage
 * anywhere is found before a save appends to the file or a diff reads a
 * broken index; it costs one read of the file per command.
 */
function checkDatabase(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE.length) throw new Error('it was written by a newer dockward');
  const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
  if (problems.length !== 1 || problems[0]?.quick_check !== 'ok') throw new Error(DAMAGED);
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
      (table) => table.name,
    ),
  );
  // A file another program made has its own tables: version 0 (no migration ran) with tables, or dockward's missing.
  if (version === 0 ? tables.size > 0 : !DOCKWARD_TABLES.every((table) => tables.has(table))) {
    throw new Error('it is not a dockward history database (it holds other tables)');
  }
  return version;
}

const DAMAGED = 'the file is not an SQLite database or is damaged';

function refusal(path: string, error: unknown): UsageError {
  return new UsageError(
    `cannot use the history database ${path}: ${describeSqliteError(error)}; it was left as it is (choose another file with --db)`,
  );
}

function describeSqliteError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') || /file is not a database|malformed/.test(message ?? '')) {
    return DAMAGED;
  }
  if (code === 'SQLITE_BUSY') return 'another process held it locked for too long';
  if (code?.startsWith('SQLITE_READONLY')) return `this user may not write it (${code})`;
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOTDIR') return `it cannot be opened (${code})`;
  if (/bindings file|NODE_MODULE_VERSION/.test(message ?? '')) {
    return (
      "better-sqlite3's native module is missing or built for another Node.js (installed with --ignore-scripts?): " +
      'run npm rebuild better-sqlite3 where dockward is installed'
    );
  }
  return message ?? String(error);
}
