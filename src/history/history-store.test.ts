import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../evaluation/report.js';
import { UsageError } from '../errors.js';
import { defaultDatabasePath, HistoryStore } from './history-store.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dw-history-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

function report(findings: { fingerprint: string; evidence?: Record<string, string> }[]): Report {
  return {
    tool: { name: 'dockward', version: '1.2.3' },
    engine: { source: 'inspect-file', file: 'x.json' },
    profile: 'recommended',
    targets: [{ id: 'c1', name: 'web', kind: 'container', syntax: 'run', image: 'nginx', effectiveCapabilities: [] }],
    findings: findings.map(({ fingerprint, evidence }) => ({
      ruleId: 'env-secret',
      severity: 'high',
      title: 't',
      target: 'web',
      targetId: 'c1',
      messageId: 'byName',
      message: 'm',
      path: 'env[0]',
      fingerprint,
      ...(evidence && { evidence }),
    })),
    suppressed: [],
    rules: [],
    summary: { critical: 0, high: findings.length, medium: 0, low: 0, info: 0 },
    policy: { waived: 0, problems: [] },
  };
}

describe('HistoryStore', () => {
  it('creates the database with WAL and its schema, saves scans and reads them back in order', () => {
    const path = join(dir, 'nested', 'history.db');
    const store = HistoryStore.open(path);
    const first = store.save(report([{ fingerprint: 'aa' }]), new Date('2026-11-01T10:00:00Z'));
    const second = store.save(report([{ fingerprint: 'aa' }, { fingerprint: 'bb' }]), new Date('2026-11-02T10:00:00Z'));
    expect(store.scans().map((scan) => [scan.id, scan.createdAt, scan.targets, scan.summary.high])).toEqual([
      [first, '2026-11-01T10:00:00.000Z', 1, 1],
      [second, '2026-11-02T10:00:00.000Z', 1, 2],
    ]);
    expect(store.findings(second).map((finding) => finding.fingerprint)).toEqual(['aa', 'bb']);
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT target_id AS id, name, kind, image FROM targets WHERE scan_id = ?').all(first)).toEqual([
      { id: 'c1', name: 'web', kind: 'container', image: 'nginx' },
    ]);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });

  it("keeps a secret finding's kind and confidence but not its keyed fingerprint", () => {
    const store = HistoryStore.open(join(dir, 'h.db'));
    const id = store.save(
      report([{ fingerprint: 'aa', evidence: { kind: 'password', confidence: 'medium', fingerprint: '0123456789ab' } }]),
      new Date(),
    );
    expect(store.findings(id)[0]?.evidence).toEqual({ kind: 'password', confidence: 'medium' });
    store.close();
  });

  it('refuses a file that is not a database and leaves it as it was', async () => {
    const path = join(dir, 'corrupt.db');
    const content = Buffer.from("this is not sqlite at all, but somebody's notes ".repeat(200));
    await writeFile(path, content);
    expect(() => HistoryStore.open(path)).toThrow(UsageError);
    expect(() => HistoryStore.open(path)).toThrow(/corrupt\.db: the file is not an SQLite database or is damaged; it was left as it is/);
    expect(await readFile(path)).toEqual(content);
  });

  it('refuses a database written by a newer version', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => HistoryStore.open(path)).toThrow(/written by a newer dockward/);
  });

  it('lives under XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultDatabasePath({ XDG_STATE_HOME: '/state', HOME: '/home/a' })).toBe('/state/dockward/history.db');
    expect(defaultDatabasePath({ HOME: '/home/a' })).toBe('/home/a/.local/state/dockward/history.db');
  });
});
