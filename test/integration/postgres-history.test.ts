import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { docker } from '../../scripts/test-engine.mjs';
import { startTestPostgres, type TestPostgres } from '../../scripts/test-postgres.mjs';
import { runCli } from '../support/cli.js';

const dockerHost = inject('dockerHost');
const image = inject('testImage');
const env = { DOCKER_HOST: dockerHost, DOCKWARD_FINGERPRINT_KEY: 'pg-test' };
const saveScan = (db: string, extra: string[] = []) =>
  runCli(['scan', '--name', 'pg-*', '--format', 'json', '--fail-on', 'none', '--save', '--db', db, ...extra], { env });

let server: TestPostgres;

beforeAll(async () => {
  server = await startTestPostgres();
  await docker(dockerHost, ['create', '--name', 'pg-web', '--privileged', image]);
}, 60_000);

afterAll(async () => {
  await docker(dockerHost, ['rm', '-f', 'pg-web', 'pg-worker']).catch(() => undefined);
  await server?.stop();
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the history in PostgreSQL', () => {
  it('saves scans, lists them and diffs them as the SQLite file does', async () => {
    const db = await server.createDatabase();
    const first = await saveScan(db);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^dockward: saved as scan 1 in postgresql:\/\/dockward@\/history_\d+\?host=/m);
    await docker(dockerHost, ['create', '--name', 'pg-worker', '--cap-add', 'SYS_ADMIN', image]);
    expect((await saveScan(db)).code).toBe(0);

    const history = await runCli(['history', '--db', db, '--format', 'json']);
    expect(history.code).toBe(0);
    const scans = JSON.parse(history.stdout) as { id: number; targets: number; engine: { endpoint: string } }[];
    expect(scans.map((scan) => [scan.id, scan.targets, scan.engine.endpoint])).toEqual([
      [1, 2, dockerHost],
      [2, 3, dockerHost],
    ]);
    const diff = await runCli(['diff', '--db', db, '--format', 'json']);
    const changes = JSON.parse(diff.stdout) as Record<'new' | 'resolved' | 'unchanged', { ruleId: string; target: string }[]>;
    expect(changes.resolved).toEqual([]);
    expect(changes.new.map((finding) => `${finding.target} ${finding.ruleId}`)).toContain('pg-worker dangerous-capability');
    expect(changes.unchanged.map((finding) => `${finding.target} ${finding.ruleId}`)).toContain('pg-web privileged');
    // The same tables as the SQLite file, in a schema of dockward's own.
    const tables = await query<{ table_name: string }>(
      db,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'dockward' ORDER BY table_name",
    );
    expect(tables.map((table) => table.table_name)).toEqual(['findings', 'scans', 'schema_version', 'targets']);
    await docker(dockerHost, ['rm', '-f', 'pg-worker']);
  });

  it('takes saves from many machines at once: every one recorded, the schema migrated once', async () => {
    const db = await server.createDatabase();
    const saves = await Promise.all(Array.from({ length: 8 }, () => saveScan(db)));
    for (const save of saves) {
      expect(save.code).toBe(0);
      expect(save.stderr).toMatch(/^dockward: saved as scan \d+ in postgresql:/);
    }
    const ids = saves.map((save) => Number(/saved as scan (\d+)/.exec(save.stderr)?.[1])).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await query(db, 'SELECT version FROM dockward.schema_version')).toEqual([{ version: 1 }]);
    const perScan = await query<{ n: string }>(db, 'SELECT count(*) AS n FROM dockward.findings GROUP BY scan_id');
    expect(new Set(perScan.map((row) => row.n)).size).toBe(1);
  });

  it('lists and diffs the scans of one engine with --host', async () => {
    const db = await server.createDatabase();
    const other = 'unix:///nonexistent/other-engine.sock';
    expect((await saveScan(db)).code).toBe(0);
    // A fleet scan where the other engine is left out still records this engine's findings.
    expect((await saveScan(db, ['-H', dockerHost, '-H', other])).code).toBe(3);
    const listed = async (host: string) =>
      (JSON.parse((await runCli(['history', '--db', db, '--format', 'json', '--host', host])).stdout) as { id: number }[]).map(
        (scan) => scan.id,
      );
    expect(await listed(dockerHost)).toEqual([1, 2]);
    expect(await listed(other)).toEqual([]);
    const diff = JSON.parse((await runCli(['diff', '--db', db, '--format', 'json', '--host', dockerHost])).stdout) as Record<
      string,
      unknown[]
    >;
    expect(diff['new']).toEqual([]);
    expect(diff['resolved']).toEqual([]);
    expect(diff['unchanged']?.length).toBeGreaterThan(0);
  });

  it('reads a database no scan was saved to as empty, and never shows the password of its URL', async () => {
    const db = await server.createDatabase();
    const empty = await runCli(['history', '--db', db, '--format', 'json']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
    expect(await query(db, "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'dockward'")).toEqual([]);

    const withPassword = db.replace('dockward@', 'dockward:Sup3rS3cretPw@');
    const saved = await saveScan(withPassword);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('postgresql://dockward:redacted@/');
    const refused = await runCli(['history', '--db', withPassword.replace(/history_\d+/, 'no_such_database')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /cannot use the history database postgresql:\/\/dockward:redacted@\/no_such_database\?host=\S+: database "no_such_database" does not exist/,
    );
    const asParameter = await saveScan(`${db}&password=Sup3rS3cretPw`);
    expect(asParameter.code).toBe(0);
    expect(asParameter.stderr).toContain('&password=redacted');
    // Not a URL libpq or node-postgres takes: refused, never a file of that name.
    const noSlashes = await runCli(['history', '--db', 'postgresql:dockward:Sup3rS3cretPw@/x'], { cwd: server.dir });
    expect(noSlashes.code).toBe(2);
    expect(existsSync(join(server.dir, 'postgresql:dockward:Sup3rS3cretPw@'))).toBe(false);
    const badPort = await runCli(['history', '--db', 'postgresql://dockward:Sup3rS3cretPw@localhost:99999/h']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/cannot use the history database postgresql:\/\/dockward:redacted@localhost:99999\/h/);
    for (const output of [saved, refused, asParameter, noSlashes, badPort].flatMap((run) => [run.stdout, run.stderr]))
      expect(output).not.toContain('Sup3rS3cretPw');
  });
});
