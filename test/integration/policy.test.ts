import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { NOBODY, runCli, type JsonFinding, type JsonReport } from '../support/cli.js';

const host = inject('dockerHost');
const image = inject('testImage');
const CONTAINERS = ['pol-web', 'pol-exporter', 'pol-labelled', 'pol-new'];
// Other test files share the engine: every scan here looks at this file's containers only.
const ONLY_OURS = ['--host', host, '--name', 'pol-*'];
let dir: string;
let config: string;

const WAIVERS = `failOn: critical
waivers:
  - rule: privileged
    target: pol-web
    reason: builds kernel modules for the CI fleet
    owner: platform@example.com
    expires: 2099-12-31
  - rule: host-pid
    target: { label: team=monitoring }
    reason: reads host processes for metrics
    owner: sre@example.com
    expires: 2020-01-31
  - rule: host-pid
    target: pol-web
    reason: was needed once
    owner: sre@example.com
    expires: 2099-12-31
`;

async function scanJson(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; report: JsonReport & { policy: Policy }; stderr: string }> {
  const result = await runCli(['scan', ...ONLY_OURS, '--format', 'json', ...args], { env, cwd: dir });
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport & { policy: Policy }, stderr: result.stderr };
}

interface Policy {
  config?: string;
  waived: number;
  problems: { kind: string; rule: string; target: string; location?: { line?: number } }[];
  baseline?: { file: string; hidden: number };
}

type WaivedFinding = JsonFinding & { waiver?: { source: string; reason: string; owner?: string; expires?: string } };
const findingOf = (report: JsonReport, target: string, ruleId: string) =>
  report.findings.find((finding) => finding.target === target && finding.ruleId === ruleId) as WaivedFinding | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-policy-'));
  config = join(dir, 'waivers.yaml');
  await writeFile(config, WAIVERS);
  await Promise.all(CONTAINERS.map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
  await docker(host, ['create', '--name', 'pol-web', '--privileged', image]);
  await docker(host, ['create', '--name', 'pol-exporter', '--pid', 'host', '--label', 'team=monitoring', image]);
  await docker(host, [
    'create',
    '--name',
    'pol-labelled',
    '--pid',
    'host',
    '--label',
    'dockward.waive.host-pid=node agent needs host processes',
    image,
  ]);
});

afterAll(async () => {
  await Promise.all(CONTAINERS.map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

describe('waivers on a live engine', () => {
  it('applies a waiver, reports an expired and a stale one, and honours a waiver label', async () => {
    const { code, report } = await scanJson(['--config', config]);
    expect(findingOf(report, 'pol-web', 'privileged')?.waiver).toEqual({
      source: 'config',
      reason: 'builds kernel modules for the CI fleet',
      owner: 'platform@example.com',
      expires: '2099-12-31',
    });
    expect(findingOf(report, 'pol-exporter', 'host-pid')?.waiver).toBeUndefined();
    expect(findingOf(report, 'pol-labelled', 'host-pid')?.waiver).toEqual({ source: 'label', reason: 'node agent needs host processes' });
    expect(report.policy.problems.map(({ kind, rule, target, location }) => ({ kind, rule, target, line: location?.line }))).toEqual([
      { kind: 'expired', rule: 'host-pid', target: 'label team=monitoring', line: 8 },
      { kind: 'stale', rule: 'host-pid', target: 'pol-web', line: 13 },
    ]);
    expect(report.policy.waived).toBe(2);
    expect(report.policy.config).toBe(config);
    // The only critical finding is waived, so failOn: critical from the file passes.
    expect(report.summary['critical']).toBe(0);
    expect(code).toBe(0);
  });

  it('counts the waived finding again without the waiver, and lets --fail-on override the file', async () => {
    expect((await scanJson([])).code).toBe(1);
    expect((await scanJson(['--config', config, '--fail-on', 'high'])).code).toBe(1);
  });

  it('finds .dockward.yaml in the working directory and shows waivers apart in the table', async () => {
    const nested = await mkdtemp(join(dir, 'repo-'));
    await writeFile(join(dir, '.dockward.yaml'), WAIVERS);
    try {
      const result = await runCli(['scan', ...ONLY_OURS], { cwd: nested, env: { NO_COLOR: '1' } });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /waived \(reported, not counted toward --fail-on\)\n {2}critical {2}pol-web {2}privileged {2}waived: builds kernel modules for the CI fleet \(platform@example.com, until 2099-12-31\)/,
      );
      expect(result.stdout).toContain(`${join(dir, '.dockward.yaml')}:8:5: expired waiver of host-pid for label team=monitoring`);
    } finally {
      await rm(join(dir, '.dockward.yaml'));
    }
  });

  it('reports an invalid configuration with file, line and key, exits 2, and still audits with the rest of it', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, WAIVERS.replace('failOn: critical', 'failOn: critical\nrules:\n  host-pid: sometimes'));
    const { code, report, stderr } = await scanJson(['--config', broken]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${broken}:3:13: rules.host-pid: must be one of off, critical, high, medium, low, info`);
    expect(findingOf(report, 'pol-web', 'privileged')?.waiver).toBeDefined();
  });

  // Issue 17: an unparsable file used to stop the audit before it started.
  it('reports a configuration that is not YAML, exits 2, and still audits with the defaults', async () => {
    const unparsable = join(dir, 'unparsable.yaml');
    await writeFile(unparsable, 'failOn: [critical\n');
    const { code, report, stderr } = await scanJson(['--config', unparsable]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${unparsable}:2:1: invalid YAML`);
    expect(findingOf(report, 'pol-web', 'privileged')?.waiver).toBeUndefined();
    expect(report.summary['critical']).toBeGreaterThan(0);
  });

  it('exits 2 when --config names a file that does not exist', async () => {
    const result = await runCli(['scan', ...ONLY_OURS, '--config', join(dir, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read the configuration');
  });
});

describe('baseline, history and drift', () => {
  const db = () => join(dir, 'history.db');
  const sha256 = async (path: string) =>
    createHash('sha256')
      .update(await readFile(path))
      .digest('hex');

  it('writes a baseline, then reports only what is new against it', async () => {
    const baseline = join(dir, 'baseline.json');
    const written = await runCli(['baseline', baseline, ...ONLY_OURS], { cwd: dir });
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`wrote the baseline ${baseline}`);
    const before = JSON.parse(await readFile(baseline, 'utf8')) as JsonReport;
    expect(before.findings.length).toBeGreaterThan(0);

    await docker(host, ['create', '--name', 'pol-new', '--cap-add', 'SYS_ADMIN', image]);
    try {
      const { report, code } = await scanJson(['--baseline', baseline]);
      expect(new Set(report.findings.map((finding) => finding.target))).toEqual(new Set(['pol-new']));
      expect(findingOf(report, 'pol-new', 'dangerous-capability')).toBeDefined();
      expect(report.policy.baseline).toEqual({ file: baseline, hidden: before.findings.length });
      expect(code).toBe(1);
    } finally {
      await docker(host, ['rm', '-f', 'pol-new']);
    }
  });

  it('refuses a baseline that is not a report, with exit 2', async () => {
    const notReport = join(dir, 'not-a-report.json');
    await writeFile(notReport, '{"hello": 1}');
    const result = await runCli(['scan', ...ONLY_OURS, '--baseline', notReport]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a dockward JSON report');
  });

  it('saves scans and shows new, resolved and unchanged findings after containers come and go', async () => {
    expect((await runCli(['scan', ...ONLY_OURS, '--save', '--db', db(), '--format', 'json'])).stderr).toMatch(/saved as scan \d+/);
    await docker(host, ['create', '--name', 'pol-new', '--privileged', image]);
    await docker(host, ['rm', '-f', 'pol-exporter']);
    try {
      await runCli(['scan', ...ONLY_OURS, '--save', '--db', db()]);
      const diff = await runCli(['diff', '--db', db(), '--format', 'json']);
      expect(diff.code).toBe(0);
      const { new: added, resolved, unchanged } = JSON.parse(diff.stdout) as Record<'new' | 'resolved' | 'unchanged', JsonFinding[]>;
      expect(new Set(added.map((finding) => finding.target))).toEqual(new Set(['pol-new']));
      expect(new Set(resolved.map((finding) => finding.target))).toEqual(new Set(['pol-exporter']));
      expect(new Set(unchanged.map((finding) => finding.target))).toEqual(new Set(['pol-web', 'pol-labelled']));
      expect(added.map((finding) => finding.ruleId)).toContain('privileged');
      expect(resolved.map((finding) => finding.ruleId)).toContain('host-pid');

      const table = await runCli(['diff', '--db', db()], { env: { NO_COLOR: '1' } });
      expect(table.stdout).toMatch(/^scan 1 \(.*\) -> scan 2 \(.*\): \d+ new, \d+ resolved, \d+ unchanged/);
      expect(table.stdout).toMatch(/\npol-new\n {2}\+ critical privileged: /);
      expect(table.stdout).toMatch(/\npol-exporter\n(.*\n)* {2}- high {5}host-pid: /);

      const history = JSON.parse((await runCli(['history', '--db', db(), '--format', 'json'])).stdout) as { id: number; targets: number }[];
      expect(history.map((scan) => [scan.id, scan.targets])).toEqual([
        [1, 4],
        [2, 4],
      ]);
    } finally {
      await docker(host, ['rm', '-f', 'pol-new']);
      await docker(host, ['create', '--name', 'pol-exporter', '--pid', 'host', '--label', 'team=monitoring', image]);
    }
  });

  it('matches the findings of a scan saved before findings named their engine with the same findings of a later scan', async () => {
    const file = join(dir, 'before-engines.db');
    await runCli(['scan', ...ONLY_OURS, '--save', '--db', file]);
    const database = new Database(file);
    database.prepare("UPDATE findings SET finding = json_remove(finding, '$.engine')").run();
    database.close();
    await runCli(['scan', ...ONLY_OURS, '--save', '--db', file]);
    const {
      new: added,
      resolved,
      unchanged,
    } = JSON.parse((await runCli(['diff', '--db', file, '--format', 'json'])).stdout) as Record<
      'new' | 'resolved' | 'unchanged',
      JsonFinding[]
    >;
    expect([added.length, resolved.length]).toEqual([0, 0]);
    expect(unchanged.length).toBeGreaterThan(0);
  });

  it('diffs chosen scans, and says so when there is nothing to compare', async () => {
    expect(JSON.parse((await runCli(['diff', '1', '1', '--db', db(), '--format', 'json'])).stdout)).toMatchObject({
      new: [],
      resolved: [],
    });
    const missing = join(dir, 'missing.db');
    const none = await runCli(['diff', '--db', missing]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`there is no history database at ${missing} yet`);
    expect(existsSync(missing)).toBe(false);
    const empty = join(dir, 'empty.db');
    await writeFile(empty, '');
    const nothing = await runCli(['diff', '--db', empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('diff needs two saved scans');
    expect((await runCli(['diff', '7', '--db', db()])).stderr).toContain('there is no saved scan "7"');
  });

  it('keeps the database whole when two processes save at once', async () => {
    const shared = join(dir, 'concurrent.db');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => runCli(['scan', ...ONLY_OURS, '--save', '--db', shared, '--fail-on', 'none'])),
    );
    expect(
      results.map((result) => result.code),
      results.map((result) => result.stderr).join('\n'),
    ).toEqual([0, 0, 0, 0]);
    const raw = new Database(shared, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.prepare('SELECT count(*) AS scans FROM scans').get()).toEqual({ scans: 4 });
      const perScan = raw.prepare('SELECT count(*) AS findings FROM findings GROUP BY scan_id').all() as { findings: number }[];
      expect(new Set(perScan.map((row) => row.findings)).size).toBe(1);
    } finally {
      raw.close();
    }
  });

  it('reports a corrupt database file clearly, exits 2 and overwrites nothing', async () => {
    const corrupt = join(dir, 'corrupt.db');
    const content = Buffer.from('SQLite format 3\0'.padEnd(4096, 'garbage'));
    await writeFile(corrupt, content);
    const result = await runCli(['scan', ...ONLY_OURS, '--save', '--db', corrupt]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot use the history database ${corrupt}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(corrupt)).toEqual(content);
  });

  it("lists and diffs a database the user may only read, and refuses a damaged or another program's file untouched", async () => {
    const shared = await mkdtemp(join(tmpdir(), 'dw-shared-'));
    try {
      // Readable by everyone, writable by root only: as for a history kept in a system directory.
      await chmod(shared, 0o755);
      const readable = join(shared, 'history.db');
      await copyFile(db(), readable);
      await chmod(readable, 0o444);
      const before = await sha256(readable);
      const history = await runCli(['history', '--db', readable, '--format', 'json'], { uid: NOBODY });
      expect(history.code, history.stderr).toBe(0);
      expect((JSON.parse(history.stdout) as unknown[]).length).toBeGreaterThanOrEqual(2);
      expect((await runCli(['diff', '--db', readable, '--format', 'json'], { uid: NOBODY })).code).toBe(0);
      // lint, not scan: the test engine's socket is root's.
      const compose = join(shared, 'compose.yaml');
      await writeFile(compose, 'services:\n  web:\n    image: nginx\n');
      const save = await runCli(['lint', compose, '--save', '--db', readable, '--fail-on', 'none'], { uid: NOBODY });
      expect(save.code).toBe(2);
      expect(save.stderr).toContain(`cannot use the history database ${readable}: this user may not write it`);
      expect(await sha256(readable)).toBe(before);

      const damaged = join(shared, 'damaged.db');
      await copyFile(db(), damaged);
      const file = await open(damaged, 'r+');
      await file.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
      await file.close();
      const notes = join(shared, 'notes.db');
      const raw = new Database(notes);
      raw.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('buy milk')");
      raw.close();
      for (const [path, problem] of [
        [damaged, 'the file is not an SQLite database or is damaged'],
        [notes, 'it is not a dockward history database'],
      ] as const) {
        const untouched = await sha256(path);
        for (const args of [['history'], ['diff'], ['lint', compose, '--save']]) {
          const result = await runCli([...args, '--db', path]);
          expect(result.code, `${args[0]} ${path}`).toBe(2);
          expect(result.stderr).toContain(`cannot use the history database ${path}: ${problem}`);
          expect(result.stderr).not.toMatch(/\n\s+at /);
        }
        expect(await sha256(path)).toBe(untouched);
      }
    } finally {
      await rm(shared, { recursive: true, force: true });
    }
  });
});
