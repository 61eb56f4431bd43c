import type { ReportSource } from '../evaluation/report.js';
import type { Finding } from '../model/finding.js';
import type { SavedScan } from './history-store.js';

/** What the two databases spell differently in the one schema. */
export interface SqlDialect {
  /** A key the database numbers itself. */
  identity: string;
  /** A column holding insertion order, where the database has none of its own (SQLite has rowid). */
  insertionOrder: string;
}

/**
 * Schema migrations for SQLite and PostgreSQL alike, applied in order inside
 * one transaction; the database records how many have run. Append, never edit.
 */
export const MIGRATIONS: readonly ((dialect: SqlDialect) => string)[] = [
  ({ identity, insertionOrder }) => `CREATE TABLE scans (
     id ${identity},
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
     finding TEXT NOT NULL${insertionOrder}
   );
   CREATE INDEX findings_by_scan ON findings (scan_id, fingerprint);`,
];

/** The tables the first migration creates: every version of the schema has them, so later migrations must keep them. */
export const DOCKWARD_TABLES = ['scans', 'targets', 'findings'];

/**
 * A finding as stored: without its secret fingerprint. With a stable
 * DOCKWARD_FINGERPRINT_KEY that keyed hash could confirm a guessed password
 * offline, and a database file travels further than a report.
 */
export function storable(finding: Finding): Finding {
  if (finding.evidence?.['fingerprint'] === undefined) return finding;
  const { fingerprint: _secretFingerprint, ...evidence } = finding.evidence;
  return { ...finding, evidence };
}

/** Every saved scan with its number of targets, oldest first; `prefix` is the schema the tables are in (`dockward.`), if any. */
export function scansQuery(prefix: string): string {
  return `SELECT s.*, (SELECT count(*) FROM ${prefix}targets t WHERE t.scan_id = s.id) AS target_count FROM ${prefix}scans s ORDER BY s.id`;
}

/** A row of scansQuery as either database returns it: PostgreSQL's bigint and count come as text. */
export interface ScanRow {
  id: number | string;
  created_at: string;
  tool_version: string;
  engine: string;
  profile: string;
  summary: string;
  target_count: number | string;
}

export function savedScan(row: ScanRow): SavedScan {
  return {
    id: Number(row.id),
    createdAt: row.created_at,
    toolVersion: row.tool_version,
    engine: JSON.parse(row.engine) as ReportSource,
    profile: row.profile,
    targets: Number(row.target_count),
    summary: JSON.parse(row.summary) as SavedScan['summary'],
  };
}
