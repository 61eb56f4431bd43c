import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { runCli, type JsonReport } from '../support/cli.js';

const host = inject('dockerHost');
const image = inject('testImage');
const CONTAINER = 'cli-subject';
let dir: string;
let inspectFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-cli-'));
  await docker(host, ['rm', '-f', CONTAINER]).catch(() => undefined);
  await docker(host, ['create', '--name', CONTAINER, '--privileged', image]);
  inspectFile = join(dir, 'inspect.json');
  await writeFile(inspectFile, await docker(host, ['inspect', CONTAINER]));
});

afterAll(async () => {
  await docker(host, ['rm', '-f', CONTAINER]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('exit codes', () => {
  it('exits 3 and names the endpoint when the engine cannot be reached', async () => {
    const missing = join(dir, 'no-engine.sock');
    const result = await runCli(['scan', '--host', `unix://${missing}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`unix://${missing} (chosen by --host)`);
    expect(result.stderr).toMatch(/DOCKER_HOST/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which setting chose an unreachable engine', async () => {
    const result = await runCli(['scan'], { env: { DOCKER_HOST: `unix://${join(dir, 'gone.sock')}` } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('chosen by DOCKER_HOST');
  });

  it.each([
    [['scan', '--format', 'xml']],
    [['scan', '--fail-on', 'severe']],
    [['scan', '--no-such-flag']],
    [['scan', '--concurrency', '0', '--inspect', '-']],
    [['scan', '--inspect', '-', '--running']],
  ])('exits 2 on a usage error: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeGreaterThan(0);
  });

  it('applies --fail-on', async () => {
    expect((await runCli(['scan', '--inspect', inspectFile])).code).toBe(1);
    expect((await runCli(['scan', '--inspect', inspectFile, '--fail-on', 'none'])).code).toBe(0);
    const hardened = JSON.parse(await readFile(inspectFile, 'utf8')) as [{ HostConfig: Record<string, unknown> }];
    hardened[0].HostConfig['Privileged'] = false;
    hardened[0].HostConfig['CapDrop'] = ['ALL'];
    // The daemon added label=disable because the container was privileged.
    hardened[0].HostConfig['SecurityOpt'] = ['no-new-privileges'];
    (hardened[0] as unknown as { Config: Record<string, unknown> }).Config['User'] = '10001';
    const file = join(dir, 'hardened.json');
    await writeFile(file, JSON.stringify(hardened));
    expect((await runCli(['scan', '--inspect', file, '--fail-on', 'info'])).code).toBe(0);
  });

  it('prints its version and help with exit 0', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--inspect');
  });
});

describe('bad inspect input', () => {
  it('reports invalid JSON with file, line and column, never the content', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '[\n  {"Id": "abc", "Config": {"Env": ["DB_PASSWORD=topsecretvalue42"]}} oops\n]\n');
    const result = await runCli(['scan', '--inspect', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:`);
    expect(result.stderr).not.toContain('topsecretvalue42');
  });

  it('reports a malformed element with its line and key, and still audits the others', async () => {
    const good = JSON.parse(await readFile(inspectFile, 'utf8')) as unknown[];
    const file = join(dir, 'mixed.json');
    const bad = { Id: 'b'.repeat(64), Name: '/bad', HostConfig: { CapAdd: 'SYS_ADMIN' } };
    await writeFile(file, JSON.stringify([...good, bad], null, 2));
    const result = await runCli(['scan', '--inspect', file, '--format', 'json']);
    expect(result.code).toBe(2);
    const lines = JSON.stringify([...good, bad], null, 2).split('\n');
    const line = lines.findIndex((text) => text.includes('"CapAdd": "SYS_ADMIN"')) + 1;
    expect(result.stderr).toContain(`${file}:${line}:`);
    expect(result.stderr).toContain('[1].HostConfig.CapAdd');
    expect((JSON.parse(result.stdout) as JsonReport).targets.map((target) => target.name)).toEqual([CONTAINER]); // no engine target offline
  });

  it('exits 2 for a file that cannot be read', async () => {
    const result = await runCli(['scan', '--inspect', join(dir, 'absent.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ENOENT');
  });
});

describe('output', () => {
  it('colours only when asked for or on a terminal, and NO_COLOR wins', async () => {
    const forced = await runCli(['scan', '--inspect', inspectFile], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const piped = await runCli(['scan', '--inspect', inspectFile]);
    expect(piped.stdout).not.toContain('\u001b[');
    const noColor = await runCli(['scan', '--inspect', inspectFile], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(noColor.stdout).toContain('privileged');
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const out = join(dir, 'report.json');
    const result = await runCli(['scan', '--inspect', inspectFile, '--format', 'json', '--output', out]);
    expect(result.stdout).toBe('');
    const report = JSON.parse(await readFile(out, 'utf8')) as JsonReport;
    expect(report.findings.map((finding) => finding.ruleId)).toContain('privileged');
    expect(report.summary.critical).toBe(1);
  });

  it('shows the effective capabilities with --show-caps', async () => {
    const result = await runCli(['scan', '--inspect', inspectFile, '--show-caps']);
    expect(result.stdout).toMatch(/capabilities: .*SYS_ADMIN/);
  });
});

describe('choosing the engine like the docker CLI', () => {
  async function writeContext(configDir: string, name: string, endpoint: string): Promise<void> {
    const digest = createHash('sha256').update(name).digest('hex');
    await mkdir(join(configDir, 'contexts', 'meta', digest), { recursive: true });
    await writeFile(
      join(configDir, 'contexts', 'meta', digest, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: endpoint, SkipTLSVerify: false } } }),
    );
  }

  it('uses the current context from config.json, DOCKER_CONTEXT over it, and DOCKER_HOST over both', async () => {
    const configDir = join(dir, 'docker-config');
    await writeContext(configDir, 'test-engine', host);
    await writeContext(configDir, 'elsewhere', `unix://${join(dir, 'elsewhere.sock')}`);
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'test-engine' }));
    const scan = (env: Record<string, string>) =>
      runCli(['scan', '--format', 'json', '--name', CONTAINER], { env: { DOCKER_CONFIG: configDir, ...env } });

    const current = await scan({});
    expect(current.code).toBe(1);
    expect((JSON.parse(current.stdout) as JsonReport).engine['endpoint']).toBe(host);

    const overridden = await scan({ DOCKER_CONTEXT: 'elsewhere' });
    expect(overridden.code).toBe(3);
    expect(overridden.stderr).toContain('context "elsewhere"');

    expect((await scan({ DOCKER_CONTEXT: 'elsewhere', DOCKER_HOST: host })).code).toBe(1);

    const unknown = await scan({ DOCKER_CONTEXT: 'nope' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('docker context "nope"');
  });
});
