import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { runCli, type JsonFinding, type JsonReport } from '../support/cli.js';
import { testFingerprint } from '../support/fingerprint.js';

const host = inject('dockerHost');
const image = inject('testImage');
const socketPath = host.replace('unix://', '');
const run = promisify(execFile);
const p = 'cat-';

/**
 * Every setting the catalogue checks, at its hardened value. Each case below
 * changes one entry, so a case raises exactly the rules about that entry.
 */
const HARDENED: Record<string, string[]> = {
  user: ['--user', '10001:10001'],
  noNewPrivileges: ['--security-opt', 'no-new-privileges=true'],
  capabilities: ['--cap-drop', 'ALL'],
  readOnly: ['--read-only'],
  memory: ['--memory', '64m'],
  cpu: ['--cpus', '0.5'],
  pids: ['--pids-limit', '100'],
  restart: ['--restart', 'on-failure:3'],
  health: ['--health-cmd', '/busybox true'],
  network: ['--network', 'none'],
  cgroupns: ['--cgroupns', 'private'],
};

interface Case {
  name: string;
  /** Hardened entries this case leaves out. */
  without?: string[];
  flags?: string[];
  /** By tag instead of by id, which is the one thing that pins an imported image. */
  byTag?: boolean;
  /** Rule ids raised with --profile all: exactly these. */
  rules: string[];
}

let workDir: string;
const CASES: Case[] = [
  { name: `${p}hardened`, rules: [] },
  { name: `${p}seccomp`, flags: ['--security-opt', 'seccomp=unconfined'], rules: ['seccomp-unconfined'] },
  { name: `${p}nnp-false`, flags: ['--security-opt', 'no-new-privileges=false'], rules: ['no-new-privileges'] },
  { name: `${p}host-ipc`, flags: ['--ipc', 'host'], rules: ['host-ipc'] },
  { name: `${p}host-uts`, flags: ['--uts', 'host'], rules: ['host-uts'] },
  { name: `${p}host-userns`, flags: ['--userns', 'host'], rules: ['host-userns'] },
  { name: `${p}host-cgroupns`, without: ['cgroupns'], flags: ['--cgroupns', 'host'], rules: ['host-cgroupns'] },
  {
    name: `${p}devices`,
    flags: ['--device', '/dev/null:/dev/xnull:r', '--device-cgroup-rule', 'c 1:3 mr'],
    rules: ['host-device', 'host-device'],
  },
  { name: `${p}writable-root`, without: ['readOnly'], rules: ['readonly-rootfs'] },
  { name: `${p}no-memory`, without: ['memory'], rules: ['memory-limit'] },
  { name: `${p}cpu-quota`, without: ['cpu'], flags: ['--cpu-quota', '50000'], rules: [] },
  { name: `${p}no-cpu`, without: ['cpu'], rules: ['cpu-limit'] },
  { name: `${p}no-pids`, without: ['pids'], rules: ['pids-limit'] },
  { name: `${p}restart-always`, without: ['restart'], flags: ['--restart', 'always'], rules: ['restart-policy'] },
  { name: `${p}root`, without: ['user'], rules: ['root-user'] },
  { name: `${p}root-group`, without: ['user'], flags: ['--user', '10001:0'], rules: ['root-user'] },
  { name: `${p}no-health`, without: ['health'], rules: ['healthcheck'] },
  { name: `${p}low-port`, without: ['network'], flags: ['-p', '127.0.0.1:80:8080'], rules: ['privileged-port', 'default-bridge'] },
  { name: `${p}cgroup-parent`, flags: ['--cgroup-parent', 'dockward-test.slice'], rules: ['cgroup-parent'] },
  { name: `${p}sysctl`, flags: ['--sysctl', 'net.ipv4.ip_forward=1', '--sysctl', 'net.ipv4.tcp_syncookies=1'], rules: ['unsafe-sysctl'] },
  { name: `${p}systempaths`, flags: ['--security-opt', 'systempaths=unconfined'], rules: ['systempaths-unconfined'] },
  { name: `${p}by-tag`, byTag: true, rules: ['image-not-pinned'] },
  { name: `${p}no-logs`, flags: ['--log-driver', 'none'], rules: ['logging-disabled'] },
  { name: `${p}tmpfs-exec`, flags: ['--tmpfs', '/scratch:rw,exec'], rules: ['tmpfs-exec'] },
  { name: `${p}selinux-off`, flags: ['--security-opt', 'label=disable'], rules: ['selinux-disabled'] },
  // The reference tool judges every mount by whether any mount is writable.
  { name: `${p}etc-ro`, flags: ['-v', '/etc:/host-etc:ro', '--mount', 'type=volume,dst=/data'], rules: ['sensitive-host-mount'] },
];
const PROPAGATION = `${p}propagation`;
const RUNNING = `${p}running`;
const UNHEALTHY = `${p}unhealthy`;
const ALL = [...CASES.map((c) => c.name), PROPAGATION, RUNNING, UNHEALTHY];
let imageId: string;

function flagsFor({ without = [], flags = [] }: Pick<Case, 'without' | 'flags'>): string[] {
  return [
    ...Object.entries(HARDENED)
      .filter(([key]) => !without.includes(key))
      .flatMap(([, value]) => value),
    ...flags,
  ];
}

/** Creates an exec session without starting it: the daemon records it all the same. */
function createExec(container: string, body: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        socketPath,
        method: 'POST',
        path: `/containers/${container}/exec`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`exec create: ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function scan(args: string[], env: Record<string, string> = { DOCKER_HOST: host }): Promise<JsonReport> {
  const result = await runCli(['scan', '--format', 'json', '--fail-on', 'none', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}

const rulesOf = (findings: JsonFinding[], target: string) =>
  findings
    .filter((f) => f.target === target)
    .map((f) => f.ruleId)
    .sort();

let all: JsonReport;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'dw-cat-'));
  await docker(host, ['rm', '-f', ...ALL]).catch(() => undefined);
  imageId = await docker(host, ['image', 'inspect', '-f', '{{.Id}}', image]);
  for (const testCase of CASES) {
    await docker(host, ['create', '--name', testCase.name, ...flagsFor(testCase), testCase.byTag ? image : imageId]);
  }
  await docker(host, [
    'create',
    '--name',
    PROPAGATION,
    ...flagsFor({}),
    '--mount',
    `type=bind,src=${workDir},dst=/data,bind-propagation=rshared`,
    imageId,
  ]);
  // The only two that run, without a network.
  await docker(host, ['run', '-d', '--name', RUNNING, ...flagsFor({}), imageId]);
  await docker(host, [
    'run',
    '-d',
    '--name',
    UNHEALTHY,
    ...flagsFor({ without: ['health'] }),
    '--health-cmd',
    '/busybox false',
    '--health-interval',
    '1s',
    '--health-retries',
    '1',
    imageId,
  ]);
  // The daemon forgets an exec session when it exits, so this one keeps running.
  await docker(host, ['exec', '-d', '-u', '0', RUNNING, '/busybox', 'sleep', '600']);
  await createExec(RUNNING, { Cmd: ['/busybox', 'sh'], Privileged: true });
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await docker(host, ['inspect', '-f', '{{.State.Health.Status}}', UNHEALTHY])) === 'unhealthy') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  all = await scan(['--profile', 'all', '--name', `${p}*`]);
});

afterAll(async () => {
  await docker(host, ['rm', '-f', ...ALL]).catch(() => undefined);
  await rm(workDir, { recursive: true, force: true });
});

describe('the full catalogue on live containers (--profile all)', () => {
  it.each(CASES.map((c) => [c.name, c.rules] as const))('%s raises exactly %j', (name, rules) => {
    expect(rulesOf(all.findings, name)).toEqual([...rules].sort());
  });

  it('raises nothing at medium or above for the hardened container', () => {
    expect(all.findings.filter((f) => f.target === `${p}hardened`)).toEqual([]);
  });

  it('reports shared propagation of a bind', () => {
    expect(rulesOf(all.findings, PROPAGATION)).toEqual(['mount-propagation']);
  });

  it('reports no-new-privileges=false as not set', () => {
    expect(all.findings.find((f) => f.target === `${p}nnp-false`)?.messageId).toBe('disabled');
  });

  it('judges each mount by itself: a read-only /etc is read-only even beside a writable volume', () => {
    const finding = all.findings.find((f) => f.target === `${p}etc-ro`);
    expect(finding).toMatchObject({ messageId: 'readOnly', severity: 'medium' });
  });

  it('counts CpuQuota as a CPU limit', () => {
    expect(rulesOf(all.findings, `${p}cpu-quota`)).not.toContain('cpu-limit');
  });

  it('reports an unhealthy container, which is not healthy', () => {
    const finding = all.findings.find((f) => f.target === UNHEALTHY && f.ruleId === 'healthcheck');
    expect(finding).toMatchObject({ messageId: 'unhealthy', severity: 'medium' });
  });

  it('audits exec sessions: a privileged one and one as root', () => {
    const findings = all.findings.filter((f) => f.target === RUNNING);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['exec-privileged', 'exec-root']);
    expect(findings.find((f) => f.ruleId === 'exec-privileged')?.message).toContain('/busybox');
  });

  it('inspects exec sessions without waiting on its own concurrency slots', async () => {
    // Regression: exec inspects once queued behind the container inspect that held the only slot.
    const report = await scan(['--profile', 'all', '--concurrency', '1', '--name', RUNNING]);
    expect(
      report.findings
        .filter((f) => f.target === RUNNING)
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(['exec-privileged', 'exec-root']);
  });

  it("reports the engine's own settings on the engine target", () => {
    const engineFindings = all.findings
      .filter((f) => f.target === host)
      .map((f) => f.ruleId)
      .sort();
    // The test engine runs without userns-remap and live-restore; it has no default bridge.
    expect(engineFindings).toEqual(['daemon-live-restore', 'daemon-userns-remap']);
  });
});

describe('profiles', () => {
  it('uses the recommended profile by default and says so', async () => {
    const report = await scan(['--name', `${p}no-memory`, '--name', `${p}seccomp`]);
    expect(report.profile).toBe('recommended');
    expect(report.findings.map((f) => f.ruleId)).toEqual(['seccomp-unconfined']);
  });

  it("selects each profile's rules", async () => {
    const ids = async (profile: string) =>
      (await scan(['--profile', profile, '--name', `${p}no-memory`, '--name', `${p}sysctl`])).findings
        .filter((f) => f.target !== host)
        .map((f) => f.ruleId)
        .sort();
    expect(await ids('cis')).toEqual(['memory-limit']);
    expect(await ids('baseline')).toEqual(['unsafe-sysctl']);
    expect(await ids('restricted')).toEqual(['unsafe-sysctl']);
  });
});

describe('engine-level findings', () => {
  let forwarder: Server;
  let port: number;

  beforeAll(async () => {
    // A plain-TCP endpoint on loopback that forwards to the test engine's socket.
    forwarder = createServer((client) => client.pipe(connect(socketPath)).pipe(client));
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    port = (forwarder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => forwarder.close(() => resolve())));

  it('reports an engine API served over TCP without TLS', async () => {
    const report = await scan(['--host', `tcp://127.0.0.1:${port}`, '--name', `${p}hardened`]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['unauthenticated-tcp-api']);
    expect(report.findings[0]?.target).toBe(`tcp://127.0.0.1:${port}`);
  });

  it('reads the DOCKER-USER chain and names the rule to add, in a network namespace of its own', async () => {
    const namespace = `dw-meta-${process.pid}`;
    const inNamespace = (...command: string[]) => run('ip', ['netns', 'exec', namespace, ...command]);
    await run('ip', ['netns', 'add', namespace]);
    try {
      await inNamespace('iptables', '-N', 'DOCKER-USER');
      await inNamespace('iptables', '-A', 'DOCKER-USER', '-j', 'RETURN');
      const scanInNamespace = async () => {
        const { stdout } = await run('ip', [
          'netns',
          'exec',
          namespace,
          'env',
          `DOCKER_HOST=${host}`,
          process.execPath,
          'dist/bundle/main.js',
          'scan',
          '--format',
          'json',
          '--fail-on',
          'none',
          '--name',
          `${p}low-port`,
        ]).catch((error: unknown) => error as { stdout: string });
        return (JSON.parse(stdout) as JsonReport).findings.filter((f) => f.ruleId === 'metadata-not-blocked');
      };
      const open = await scanInNamespace();
      expect(open).toHaveLength(1);
      expect(open[0]?.message).toContain('iptables -I DOCKER-USER -d 169.254.169.254/32 -j DROP');
      await inNamespace('iptables', '-I', 'DOCKER-USER', '-d', '169.254.169.254/32', '-j', 'DROP');
      expect(await scanInNamespace()).toEqual([]);
    } finally {
      await run('ip', ['netns', 'del', namespace]);
    }
  });
});

describe('the exec hook for watch mode', () => {
  it('turns an exec_create into a target judged by the exec rules', async () => {
    const { connectDocker } = await import('../../src/docker/engine-client.js');
    const { parseHostUrl } = await import('../../src/docker/endpoint.js');
    const { execSessionTarget } = await import('../../src/sources/engine/engine-source.js');
    const { evaluate } = await import('../../src/evaluation/evaluate.js');
    const { RULES } = await import('../../src/rules/index.js');
    const engine = connectDocker(parseHostUrl(host, 'test'));
    const execIds = (await docker(host, ['inspect', '-f', '{{range .ExecIDs}}{{.}} {{end}}', RUNNING])).split(' ').filter(Boolean);
    const targets = await Promise.all(execIds.map((id) => execSessionTarget(engine, RUNNING, id)));
    const evaluation = evaluate(
      { secretFingerprint: testFingerprint, containers: targets.filter((t) => t !== undefined), host: {} },
      RULES,
      { profile: 'all' },
    );
    const execRules = evaluation.containers
      .flatMap((c) => c.findings)
      .map((f) => f.ruleId)
      .filter((id) => id.startsWith('exec-'));
    expect(execRules.sort()).toEqual(['exec-privileged', 'exec-root']);
    expect(await execSessionTarget(engine, RUNNING, 'f'.repeat(64))).toBeUndefined();
  });
});
