import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { runCli, type JsonReport } from '../support/cli.js';

const execFileAsync = promisify(execFile);

const host = inject('dockerHost');
const image = inject('testImage');
const FIXTURES = new URL('../fixtures/fix/', import.meta.url).pathname;
const RISKY = 'fix-risky';
const HARDENED = 'fix-hardened';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-fix-'));
  await Promise.all([RISKY, HARDENED].map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
});

afterAll(async () => {
  await Promise.all([RISKY, HARDENED].map((name) => docker(host, ['rm', '-f', name]).catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

describe('dockward fix on files', () => {
  it('prints a unified diff with secret values masked, and says what it changed on stderr', async () => {
    const result = await runCli(['fix', join(FIXTURES, 'anchors-and-comments.yaml'), '--bind-address', '127.0.0.1']);
    expect(result.code).toBe(0);
    // A changed line holds a masked secret: the diff says it is for review, before its first line (issue 18).
    expect(result.stdout).toMatch(
      /^# for review only: secret values are shown as \*{8}; apply it with dockward fix --write\n--- a\/.*anchors-and-comments\.yaml\n\+\+\+ b\//,
    );
    expect(result.stdout).toContain('-      POSTGRES_PASSWORD: "********"   # TODO move');
    expect(result.stdout).toContain('+      POSTGRES_PASSWORD_FILE: /run/secrets/db_postgres_password');
    expect(result.stdout + result.stderr).not.toContain('Sup3r-S3cret-Value!');
    expect(result.stderr).toMatch(/: web\n {2}fixed {6}port-all-interfaces: published ports bound to 127\.0\.0\.1/);
    expect(result.stderr).toContain('why        CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID: postgres: the entrypoint takes ownership');
  });

  it('rebinds a published port only on an explicit --bind-address; otherwise it is a decision (issue 18)', async () => {
    const file = join(dir, 'public.yaml');
    await writeFile(file, 'services:\n  site:\n    image: nginx:1.27\n    ports: ["443:443"]\n    cap_drop: [ALL]\n');
    const result = await runCli(['fix', file, '--write']);
    expect(await readFile(file, 'utf8')).toContain('ports: ["443:443"]');
    expect(result.stderr).toContain('decide     port-all-interfaces: publishes host port 443');
    expect(result.stderr).toContain('choose the address with --bind-address (127.0.0.1: this host only)');
    expect(result.stderr).not.toMatch(/fixed +port-all-interfaces/);
  });

  it('prints a diff that git apply and patch -p1 apply, from the project folder, for a path given either way (issue 18)', async () => {
    const project = join(dir, 'project');
    await mkdir(join(project, 'deploy'), { recursive: true });
    const original = 'services:\n  web:\n    image: nginx:1.27\n    security_opt: ["seccomp:unconfined"]\n';
    const file = join(project, 'deploy', 'compose.yaml');
    for (const given of ['deploy/compose.yaml', file]) {
      await writeFile(file, original);
      const { stdout } = await runCli(['fix', given], { cwd: project });
      await writeFile(join(project, 'fix.diff'), stdout);
      await execFileAsync('git', ['apply', '--check', 'fix.diff'], { cwd: project });
      await execFileAsync('patch', ['-p1', '-i', 'fix.diff'], { cwd: project });
      expect(await readFile(file, 'utf8')).toContain('no-new-privileges');
    }
  });

  it('with --write, creates the secret file it names (0600, holding the value) and ignores it in .gitignore (issue 18)', async () => {
    const project = join(dir, 'with-secret');
    await mkdir(project, { recursive: true });
    const value = 'Sup3r-S3cret-Value-for-fix!';
    await writeFile(
      join(project, 'compose.yaml'),
      `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: "${value}"\n`,
    );
    await writeFile(join(project, '.gitignore'), 'node_modules');
    const result = await runCli(['fix', 'compose.yaml', '--write'], { cwd: project });
    expect(result.stdout + result.stderr).not.toContain(value);
    const secret = join(project, 'secrets', 'db_postgres_password.txt');
    expect(await readFile(secret, 'utf8')).toBe(value);
    expect((await stat(secret)).mode & 0o777).toBe(0o600);
    expect(await readFile(join(project, '.gitignore'), 'utf8')).toBe('node_modules\nsecrets/\n');
    await expect(stat(join(project, '.dockerignore'))).rejects.toThrow();
    expect(result.stderr).toContain('wrote the secret file ./secrets/db_postgres_password.txt (mode 0600)');
    const lint = JSON.parse(
      (await runCli(['lint', 'compose.yaml', '-f', 'json', '--fail-on', 'none'], { cwd: project })).stdout,
    ) as JsonReport;
    expect(lint.findings.map((finding) => finding.ruleId)).not.toContain('env-secret');
  });

  it('exits 0 when everything found is fixed, 1 while a decision is left (issue 18)', async () => {
    const done = await runCli(['fix', '--run', 'docker run --security-opt seccomp=unconfined nginx:1.27']);
    expect(done.stderr).not.toContain('decide');
    expect(done.code).toBe(0);
    const open = await runCli(['fix', '--run', 'docker run --privileged nginx:1.27']);
    expect(open.stderr).toContain('decide     privileged');
    expect(open.code).toBe(1);
  });

  it('does not call a change fixed while a setting that overrides it stands (issue 18)', async () => {
    const file = join(dir, 'privileged.yaml');
    await writeFile(file, 'services:\n  tool:\n    image: nginx:1.27\n    privileged: true\n    security_opt: ["seccomp:unconfined"]\n');
    const result = await runCli(['fix', file]);
    expect(result.stderr).toContain(
      'changed    seccomp-unconfined: security option seccomp:unconfined removed; no effect while privileged stands',
    );
    expect(result.stderr).not.toMatch(/fixed +seccomp-unconfined/);
    expect(result.stderr).toContain('decide     privileged:');
  });

  it('writes the file with --write, and a second run has nothing left to change', async () => {
    const file = join(dir, 'compose.yaml');
    await copyFile(join(FIXTURES, 'anchors-and-comments.yaml'), file);
    expect((await runCli(['fix', file, '--write', '--bind-address', '10.0.0.5'])).code).toBe(0);
    const written = await readFile(file, 'utf8');
    expect(written).toContain('- "10.0.0.5:8080:80" # public site');
    expect(written).toContain('# The shop: web in front, db behind.');
    const again = await runCli(['fix', file]);
    expect(again.stdout).toBe('');
    const lint = await runCli(['lint', file, '--format', 'json', '--fail-on', 'none']);
    const rules = (JSON.parse(lint.stdout) as JsonReport).findings.map((finding) => `${finding.target}:${finding.ruleId}`);
    for (const resolved of [
      'web:port-all-interfaces',
      'web:seccomp-unconfined',
      'web:no-new-privileges',
      'web:capabilities-not-dropped',
      'web:legacy-link',
      'db:env-secret',
      'db:net-raw',
    ]) {
      expect(rules).not.toContain(resolved);
    }
  });

  it('hardens a docker run line: the command alone on stdout, the rest on stderr', async () => {
    const result = await runCli([
      'fix',
      '--bind-address',
      '127.0.0.1',
      '--run',
      "docker run -d -p 8080:80 --security-opt seccomp=unconfined -e DB_PASSWORD='hunter2-the-long-one' nginx:1.27",
    ]);
    // Exit 1: the password is left to decide, nginx having no file form of it (issue 18: the exit code says so).
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'docker run -d -p 127.0.0.1:8080:80 -e DB_PASSWORD --security-opt no-new-privileges=true --cap-drop=ALL --cap-add=CHOWN --cap-add=DAC_OVERRIDE --cap-add=SETGID --cap-add=SETUID --cap-add=NET_BIND_SERVICE nginx:1.27\n',
    );
    expect(result.stderr).toContain('decide     env-secret: environment variable DB_PASSWORD holds a password in plain text');
    expect(result.stderr).not.toContain('hunter2-the-long-one');
  });

  it('keeps the other flags of a group, and never shows a value attached to one', async () => {
    const result = await runCli([
      'fix',
      '--run',
      'docker run -ieDB_PASSWORD=hunter2hunter2 -tePOSTGRES_PASSWORD=An0ther-S3cret-x postgres:16',
    ]);
    // The grouped -te… stays (with its value masked), so no POSTGRES_PASSWORD_FILE is added beside it.
    expect(result.stdout).toMatch(/^docker run -ieDB_PASSWORD -tePOSTGRES_PASSWORD=\*{8} /);
    expect(result.stdout).not.toContain('POSTGRES_PASSWORD_FILE');
    expect(result.stderr).toContain('decide     env-secret: -te groups several flags: change it by hand');
    expect(result.stdout + result.stderr).not.toMatch(/hunter2hunter2|An0ther-S3cret-x/);
  });

  it("hardens a podman run line with Podman's defaults, and the command stays podman (issue 20)", async () => {
    const result = await runCli([
      'fix',
      '--run',
      'podman run -d --pod web-pod --userns=keep-id -p 127.0.0.1:8080:8080 registry.example/app:1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      'podman run -d --pod web-pod --userns=keep-id -p 127.0.0.1:8080:8080 --security-opt no-new-privileges=true --cap-drop=ALL ' +
        'registry.example/app:1',
    );
    // Nothing is said about NET_RAW: Podman does not grant it to begin with.
    expect(result.stderr).not.toContain('net-raw');
  });

  it('refuses to guess what to fix', async () => {
    expect((await runCli(['fix'])).code).toBe(2);
    expect((await runCli(['fix', '--run', 'echo hello'])).stderr).toContain('--run needs a docker run or podman run');
    expect((await runCli(['fix', join(FIXTURES, 'missing.yaml')])).code).toBe(2);
  });
});

describe('dockward fix --container on a live engine', () => {
  it('prints the command that recreates the container hardened, and the recreated container no longer raises the resolved rules', async () => {
    await docker(host, [
      'create',
      '--name',
      RISKY,
      '--hostname',
      'risky-host',
      '--workdir',
      '/tmp',
      '--env',
      'MODE=prod',
      '--label',
      'team=shop',
      '--publish',
      '8080:80',
      '--security-opt',
      'seccomp=unconfined',
      '--memory',
      '64m',
      '--restart',
      'always',
      '--network',
      'none',
      image,
      'sleep',
      '60',
    ]);
    const fixed = await runCli(['fix', '--container', RISKY, '--host', host, '--add-limits', '--bind-address', '127.0.0.1']);
    expect(fixed.code).toBe(0);
    const command = fixed.stdout.trim();
    expect(command).toMatch(/^docker run --name=fix-risky /);
    expect(fixed.stderr).toContain('fixed      port-all-interfaces');

    // The same command, as `docker create` under another name, against the test engine.
    const words = command
      .split(' ')
      .slice(2)
      .map((word) => (word === `--name=${RISKY}` ? `--name=${HARDENED}` : word));
    await docker(host, ['create', ...words]);
    const report = JSON.parse(
      (await runCli(['scan', '--host', host, '--name', 'fix-*', '--format', 'json', '--fail-on', 'none', '--profile', 'all'])).stdout,
    ) as JsonReport;
    const rulesOf = (name: string) => report.findings.filter((finding) => finding.target === name).map((finding) => finding.ruleId);
    for (const rule of [
      'port-all-interfaces',
      'seccomp-unconfined',
      'no-new-privileges',
      'capabilities-not-dropped',
      'net-raw',
      'restart-policy',
      'pids-limit',
    ]) {
      expect(rulesOf(RISKY)).toContain(rule);
      expect(rulesOf(HARDENED)).not.toContain(rule);
    }
    // Every other setting carried over.
    const [original, recreated] = JSON.parse(await docker(host, ['inspect', RISKY, HARDENED])) as {
      Config: Record<string, unknown>;
      HostConfig: Record<string, unknown>;
    }[];
    for (const field of ['Hostname', 'WorkingDir', 'Env', 'Labels', 'Cmd', 'Image'] as const)
      expect(recreated?.Config[field], field).toEqual(original?.Config[field]);
    for (const field of ['Memory', 'NetworkMode'] as const)
      expect(recreated?.HostConfig[field], field).toEqual(original?.HostConfig[field]);
  });

  it('prints a Compose service for it with --format compose, which lints without the resolved rules', async () => {
    const result = await runCli(['fix', '--container', RISKY, '--host', host, '--format', 'compose', '--bind-address', '127.0.0.1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^services:\n {2}fix-risky:\n {4}image: /);
    const file = join(dir, 'recreated.yaml');
    await writeFile(file, result.stdout);
    const lint = JSON.parse((await runCli(['lint', file, '--format', 'json', '--fail-on', 'none'])).stdout) as JsonReport;
    const rules = lint.findings.map((finding) => finding.ruleId);
    for (const rule of ['port-all-interfaces', 'seccomp-unconfined', 'no-new-privileges', 'capabilities-not-dropped'])
      expect(rules).not.toContain(rule);
    expect(result.stdout).toContain('hostname: risky-host');
    expect(result.stdout).toContain('network_mode: none');
  });

  it('says so when the container does not exist', async () => {
    const result = await runCli(['fix', '--container', 'fix-no-such-container', '--host', host]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no container "fix-no-such-container"');
  });
});
