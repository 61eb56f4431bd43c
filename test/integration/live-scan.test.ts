import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { runCli, type JsonFinding, type JsonReport } from '../support/cli.js';

const host = inject('dockerHost');
const image = inject('testImage');
const socketPath = host.replace('unix://', '');
const p = 'live-';
/** A fresh value per run, so a leak cannot hide behind a fixed string. */
const secretValue = `S3cr3t-${randomBytes(12).toString('hex')}`;

/** Settings every audit case shares, so that each case isolates exactly its own risky setting. */
const HARDENED = ['--user', '10001:10001', '--security-opt', 'no-new-privileges=true'];

/** One created container per risky setting, and the rule ids each must raise: exactly these. */
const AUDIT_CASES: { name: string; flags: string[]; rules: string[] }[] = [
  // Privileged is one decision: no seccomp filtering and every host device come with it and are not reported apart.
  { name: `${p}privileged`, flags: ['--privileged'], rules: ['privileged'] },
  {
    name: `${p}dangerous-cap`,
    flags: ['--cap-add', 'SYS_ADMIN', '--cap-add', 'cap_net_admin'],
    rules: ['dangerous-capability', 'dangerous-capability', 'capabilities-not-dropped', 'net-raw'],
  },
  { name: `${p}cap-added`, flags: ['--cap-drop', 'ALL', '--cap-add', 'IPC_LOCK', '--cap-add', 'CHOWN'], rules: ['capability-added'] },
  { name: `${p}default-caps`, flags: [], rules: ['capabilities-not-dropped', 'net-raw'] },
  { name: `${p}net-raw`, flags: ['--cap-drop', 'ALL', '--cap-add', 'NET_RAW'], rules: ['net-raw'] },
  { name: `${p}host-network`, flags: ['--cap-drop', 'ALL', '--network', 'host'], rules: ['host-network', 'metadata-api-exposure'] },
  // The daemon adds label=disable for --pid=host; that must not surface as selinux-disabled.
  { name: `${p}host-pid`, flags: ['--cap-drop', 'ALL', '--pid', 'host'], rules: ['host-pid'] },
  {
    name: `${p}ports`,
    flags: ['--cap-drop', 'ALL', '-p', '8080:80', '-p', '[::]:8443:443', '-p', '127.0.0.1:9000:9000'],
    rules: ['port-all-interfaces', 'port-all-interfaces'],
  },
  { name: `${p}publish-all`, flags: ['--cap-drop', 'ALL', '-P', '--expose', '80'], rules: ['port-all-interfaces'] },
  { name: `${p}link`, flags: ['--cap-drop', 'ALL', '--link', `${p}vanilla-target:db`], rules: ['legacy-link'] },
  {
    name: `${p}socket`,
    flags: ['--cap-drop', 'ALL', '--mount', `type=bind,source=${socketPath},target=/var/run/docker.sock,readonly`],
    rules: ['docker-socket-mount'],
  },
  // The daemon gives a bind of / rslave propagation by itself, so host mounts flow in: mount-propagation. The socket
  // below / makes the one sensitive-host-mount finding critical.
  {
    name: `${p}root-ro`,
    flags: ['--cap-drop', 'ALL', '-v', '/:/host:ro', '-v', `${p}etcvol:/etc`],
    rules: ['sensitive-host-mount', 'mount-propagation'],
  },
  { name: `${p}etc-rw`, flags: ['--cap-drop', 'ALL', '-v', '/etc:/host-etc'], rules: ['sensitive-host-mount'] },
  {
    name: `${p}env`,
    flags: [
      '--cap-drop',
      'ALL',
      '-e',
      `DB_PASSWORD=${secretValue}`,
      '-e',
      'PASSWORD_FILE=/run/secrets/x',
      '-e',
      'TOKEN_URL=https://auth.example.com/token',
      '-e',
      'API_KEY=',
    ],
    rules: ['env-secret'],
  },
  { name: `${p}selinux`, flags: ['--cap-drop', 'ALL', '--security-opt', 'label=disable'], rules: ['selinux-disabled'] },
  { name: `${p}apparmor`, flags: ['--cap-drop', 'ALL', '--security-opt', 'apparmor=unconfined'], rules: ['apparmor-unconfined'] },
  {
    name: `${p}hardened`,
    flags: ['--cap-drop', 'ALL', '--network', 'none', '--security-opt', 'no-new-privileges', '-p', '127.0.0.1:8081:80'],
    rules: [],
  },
  // A peer drops every name containing "nil"; this one must be audited like any other.
  { name: 'vanilla', flags: ['--cap-drop', 'ALL', '--cap-add', 'SYS_PTRACE'], rules: ['dangerous-capability'] },
];
const RUNNING = `${p}running`;
const STOPPED = `${p}stopped`;
const ALL_NAMES = [...AUDIT_CASES.map((c) => c.name), RUNNING, STOPPED, `${p}vanilla-target`];
/** A fixed fingerprint key makes secret fingerprints comparable between the live and the offline run. */
const env = { DOCKER_HOST: host, DOCKWARD_FINGERPRINT_KEY: 'live-scan-test' };
const scope = ['--name', `${p}*`, '--name', 'vanilla'];

function containersOf(report: JsonReport) {
  return report.targets.filter((target) => target.kind === 'container');
}

function byTarget(findings: JsonFinding[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const finding of findings) result.set(finding.target, [...(result.get(finding.target) ?? []), finding.ruleId].sort());
  return result;
}

/**
 * What must agree between sources: everything but where the finding was read from
 * (its location, and the engine a live finding names). The inspect field is left out
 * too: two inspects of one container list its mounts in different orders (the
 * daemon iterates a Go map).
 */
function comparable(findings: JsonFinding[]) {
  return findings.map(({ location: _location, engine: _engine, ...rest }) => rest);
}

let workDir: string;
let live: JsonReport;
let liveExit: number | null;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'dw-live-'));
  await docker(host, ['rm', '-f', ...ALL_NAMES]).catch(() => undefined);
  await docker(host, ['create', '--name', `${p}vanilla-target`, '--cap-drop', 'ALL', '--network', 'none', image]);
  for (const { name, flags } of AUDIT_CASES) await docker(host, ['create', '--name', name, ...HARDENED, ...flags, image]);
  // Only these two ever run, without a network: one stays up, one has exited.
  await docker(host, ['run', '-d', '--name', RUNNING, '--network', 'none', '--cap-drop', 'NET_RAW', image]);
  await docker(host, [
    'run',
    '--name',
    STOPPED,
    ...HARDENED,
    '--network',
    'none',
    '--cap-drop',
    'ALL',
    '--cap-add',
    'SYS_BOOT',
    image,
    '/busybox',
    'true',
  ]);
  const result = await runCli(['scan', '--format', 'json', ...scope], { env });
  liveExit = result.code;
  live = JSON.parse(result.stdout) as JsonReport;
});

afterAll(async () => {
  await docker(host, ['rm', '-f', ...ALL_NAMES]).catch(() => undefined);
  await docker(host, ['volume', 'rm', '-f', `${p}etcvol`]).catch(() => undefined);
  await rm(workDir, { recursive: true, force: true });
});

describe('live scan of the test engine', () => {
  it('raises exactly the expected rule ids for each risky setting, and none for the hardened container', () => {
    const found = byTarget(live.findings);
    for (const { name, rules } of AUDIT_CASES) {
      expect(found.get(name) ?? [], name).toEqual([...rules].sort());
    }
  });

  it('audits created, stopped and running containers alike', () => {
    const states = new Map(containersOf(live).map((target) => [target.name, target.state]));
    expect(states.get(`${p}privileged`)).toBe('created');
    expect(states.get(STOPPED)).toBe('exited');
    expect(states.get(RUNNING)).toBe('running');
    expect(states.get('vanilla')).toBe('created');
    expect(byTarget(live.findings).get(STOPPED)).toEqual(['dangerous-capability']);
    expect(containersOf(live)).toHaveLength(ALL_NAMES.length);
  });

  it('exits 1 when a finding reaches the default threshold (high)', () => {
    expect(liveExit).toBe(1);
  });

  it('names the engine Docker, which only a Podman service is not (issue 20)', () => {
    expect(live.engine).toMatchObject({ source: 'engine', product: 'docker', endpoint: host });
  });

  it('names each wildcard host port, IPv6 included', () => {
    const messages = live.findings.filter((f) => f.target === `${p}ports`).map((f) => f.message);
    expect(messages.some((m) => m.includes('8080'))).toBe(true);
    expect(messages.some((m) => m.includes('8443') && m.includes('::'))).toBe(true);
    expect(messages.some((m) => m.includes('9000'))).toBe(false);
  });

  it('reports the effective capabilities, and what the running process really holds', () => {
    const running = live.targets.find((target) => target.name === RUNNING);
    expect(running?.effectiveCapabilities).not.toContain('NET_RAW');
    expect(running?.effectiveCapabilities).toContain('CHOWN');
    expect(running?.observedCapabilities).toEqual(running?.effectiveCapabilities);
    expect(running?.capabilityMismatch).toBeUndefined();
    const privileged = live.targets.find((target) => target.name === `${p}privileged`);
    expect(privileged?.effectiveCapabilities).toContain('SYS_ADMIN');
    expect(live.targets.find((target) => target.name === `${p}hardened`)?.effectiveCapabilities).toEqual([]);
  });

  it('points each finding at the inspect field and carries the rule metadata', () => {
    const socket = live.findings.find((f) => f.ruleId === 'docker-socket-mount' && f.target === `${p}socket`);
    expect(socket?.location?.field).toBe('Mounts[0].Source');
    const rootMount = live.findings.find((f) => f.ruleId === 'sensitive-host-mount' && f.target === `${p}root-ro`);
    // Ordered by destination: the named volume at /etc comes before the bind at /host.
    expect(rootMount?.path).toBe('mounts[1].source');
    expect(rootMount?.location?.field).toMatch(/^Mounts\[[01]\]\.Source$/);
    const missingDrop = live.findings.find((f) => f.ruleId === 'capabilities-not-dropped');
    expect(missingDrop?.location?.field).toBe('HostConfig.CapDrop');
    const verify = live.rules.find((rule) => rule.id === 'privileged')?.verify;
    expect(verify).toMatch(/^docker inspect -f /);
  });

  it('never prints a secret value, in JSON or in the table', async () => {
    expect(JSON.stringify(live)).not.toContain(secretValue);
    const table = await runCli(['scan', ...scope], { env });
    expect(table.stdout).toContain('DB_PASSWORD');
    expect(table.stdout + table.stderr).not.toContain(secretValue);
  });

  it('gives every SARIF result of a live scan a physical location naming the engine and the container (issue 18)', async () => {
    const { stdout } = await runCli(['scan', '-f', 'sarif', '--fail-on', 'none', '--name', `${p}privileged`], { env });
    const [run] = (
      JSON.parse(stdout) as { runs: [{ results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }] }
    ).runs;
    const uris = new Set(run.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri));
    const socket = host.replace('unix://', '');
    expect(uris).toContain(`docker/unix${socket}/${p}privileged`);
    for (const uri of uris) expect(uri).toMatch(new RegExp(`^docker/unix${socket.replace(/[.]/g, '\\.')}/`));
  });

  it('gives the same container findings from docker inspect output as from the live engine', async () => {
    const ids = containersOf(live).map((target) => target.id);
    const inspectJson = await docker(host, ['inspect', ...ids]);
    const file = join(workDir, 'inspect.json');
    await writeFile(file, inspectJson);
    const fromFile = await runCli(['scan', '--inspect', file, '--format', 'json'], { env: { DOCKWARD_FINGERPRINT_KEY: 'live-scan-test' } });
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(1);
    const report = JSON.parse(fromFile.stdout) as JsonReport;
    expect(report.engine).toEqual({ source: 'inspect-file', file });
    const containerFindings = live.findings.filter((finding) => finding.target !== host);
    expect(comparable(report.findings)).toEqual(comparable(containerFindings));
    expect(report.findings.every((f) => f.location?.file === file)).toBe(true);
    expect(containerFindings.every((finding) => finding.engine === host)).toBe(true);
    expect(report.findings.some((finding) => 'engine' in finding)).toBe(false);

    const fromStdin = await runCli(['scan', '--inspect', '-', '--format', 'json'], {
      input: inspectJson,
      env: { DOCKWARD_FINGERPRINT_KEY: 'live-scan-test' },
    });
    expect(comparable((JSON.parse(fromStdin.stdout) as JsonReport).findings)).toEqual(comparable(containerFindings));
  });

  it('filters by name, label, id and running state', async () => {
    const names = async (args: string[]) => {
      const result = await runCli(['scan', '--format', 'json', '--fail-on', 'none', ...args], { env });
      expect(result.code).toBe(0);
      return containersOf(JSON.parse(result.stdout) as JsonReport)
        .map((target) => target.name)
        .sort();
    };
    expect(await names(['--name', 'vanilla'])).toEqual(['vanilla']);
    expect(await names(['--name', `${p}host-*`])).toEqual([`${p}host-network`, `${p}host-pid`]);
    expect(await names(['--running', ...scope])).toEqual([RUNNING]);
    const id = live.targets.find((target) => target.name === `${p}env`)?.id.slice(0, 10) ?? 'missing';
    expect(await names(['--id', id])).toEqual([`${p}env`]);
    await docker(host, ['rm', '-f', `${p}labelled`]).catch(() => undefined);
    await docker(host, ['create', '--name', `${p}labelled`, '--label', 'tier=web', image]);
    try {
      expect(await names(['--label', 'tier=web'])).toEqual([`${p}labelled`]);
      expect(await names(['--label', 'tier'])).toEqual([`${p}labelled`]);
      // A filter that matches nothing is exit 2 naming it (issue 18), unless nothing is what the job expects.
      expect(await names(['--label', 'tier=db', '--allow-empty'])).toEqual([]);
      const typo = await runCli(['scan', '--label', 'tier=db', '--name', 'vanila'], { env });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('no container matches --name vanila --label tier=db: check the filter, or pass --allow-empty');
    } finally {
      await docker(host, ['rm', '-f', `${p}labelled`]);
    }
  });
});
