import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../evaluation/report.js';
import { UsageError } from '../errors.js';
import { defaultDatabasePath, withHistory } from './history-store.js';
import { SqliteHistory } from './sqlite-history.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dw-history-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** Whether chattr +i works here: the tests run as root, who writes a chmod 0444 file anyway, but not an immutable one. */
function immutableFilesWork(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'dw-chattr-'));
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

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

describe('SqliteHistory', () => {
  it('creates the database with WAL and its schema, saves scans and reads them back in order', () => {
    const path = join(dir, 'nested', 'history.db');
    const store = SqliteHistory.open(path, 'write');
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
    const store = SqliteHistory.open(join(dir, 'h.db'), 'write');
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
    expect(() => SqliteHistory.open(path, 'write')).toThrow(UsageError);
    expect(() => SqliteHistory.open(path, 'write')).toThrow(
      /corrupt\.db: the file is not an SQLite database or is damaged; it was left as it is/,
    );
    expect(await readFile(path)).toEqual(content);
  });

  it('refuses a database written by a newer version', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => SqliteHistory.open(path, 'write')).toThrow(/written by a newer dockward/);
  });

  it('refuses a database with a damaged page, for saving and for reading, and leaves its bytes as they were', async () => {
    const path = join(dir, 'damaged.db');
    const store = SqliteHistory.open(path, 'write');
    for (let scan = 0; scan < 5; scan++) {
      store.save(report(Array.from({ length: 40 }, (_, n) => ({ fingerprint: `${scan}-${n}`.padEnd(64, 'f') }))), new Date());
    }
    store.close();
    const file = await open(path, 'r+');
    await file.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    await file.close();
    const before = await sha256(path);
    for (const access of ['write', 'read'] as const) {
      expect(() => SqliteHistory.open(path, access)).toThrow(UsageError);
      await expect(withHistory(path, access, (history) => history.scans())).rejects.toThrow(
        `cannot use the history database ${path}: the file is not an SQLite database or is damaged; it was left as it is`,
      );
    }
    expect(await sha256(path)).toBe(before);
  });

  it.each([0, 1])("refuses another program's SQLite file with user_version %i, and adds no table to it", async (userVersion) => {
    const path = join(dir, 'notes.db');
    const raw = new Database(path);
    raw.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('buy milk')");
    raw.pragma(`user_version = ${userVersion}`);
    raw.close();
    const before = await sha256(path);
    for (const access of ['write', 'read'] as const) {
      expect(() => SqliteHistory.open(path, access)).toThrow(UsageError);
      expect(() => SqliteHistory.open(path, access)).toThrow(
        `cannot use the history database ${path}: it is not a dockward history database (it holds other tables)`,
      );
    }
    expect(await sha256(path)).toBe(before);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]);
    check.close();
  });

  it('reads an empty file as holding no scans without changing it, and initialises it for saving', async () => {
    const path = join(dir, 'empty.db');
    await writeFile(path, '');
    expect(await withHistory(path, 'read', (history) => history.scans())).toEqual([]);
    expect(await readFile(path)).toEqual(Buffer.alloc(0));
    const id = await withHistory(path, 'write', (history) => history.save(report([{ fingerprint: 'aa' }]), new Date()));
    expect((await withHistory(path, 'read', (history) => history.findings(id))).map((finding) => finding.fingerprint)).toEqual(['aa']);
  });

  it('reports a missing database for reading instead of creating it', () => {
    const path = join(dir, 'nested', 'missing.db');
    expect(() => SqliteHistory.open(path, 'read')).toThrow(
      `there is no history database at ${path} yet (dockward scan --save records the first scan)`,
    );
    expect(existsSync(join(dir, 'nested'))).toBe(false);
  });

  it.skipIf(!immutableFilesWork())(
    'reads a database nobody may write, in a directory nobody may write, and leaves it as it was',
    async () => {
      const shared = join(dir, 'shared');
      await mkdir(shared);
      const path = join(shared, 'history.db');
      const id = await withHistory(path, 'write', (history) => history.save(report([{ fingerprint: 'aa' }]), new Date()));
      await chmod(path, 0o444);
      const before = await sha256(path);
      execFileSync('chattr', ['+i', path, shared]);
      try {
        expect((await withHistory(path, 'read', (history) => history.scans())).map((scan) => scan.id)).toEqual([id]);
        expect((await withHistory(path, 'read', (history) => history.findings(id))).map((finding) => finding.fingerprint)).toEqual(['aa']);
        await expect(withHistory(path, 'write', (history) => history.save(report([]), new Date()))).rejects.toThrow(UsageError);
      } finally {
        execFileSync('chattr', ['-i', path, shared]);
      }
      expect(await sha256(path)).toBe(before);
    },
  );

  it('lives under XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultDatabasePath({ XDG_STATE_HOME: '/state', HOME: '/home/a' })).toBe('/state/dockward/history.db');
    expect(defaultDatabasePath({ HOME: '/home/a' })).toBe('/home/a/.local/state/dockward/history.db');
  });
});
