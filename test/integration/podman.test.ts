import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPodmanTestImage, startTestPodman, type TestPodman } from '../../scripts/test-engine.mjs';
import { runCli, type JsonFinding, type JsonReport } from '../support/cli.js';
import { EQUIVALENCE_FLAGS, lintRunLine } from '../support/equivalence.js';

/** A fresh value per run, so a leak cannot hide behind a fixed string. */
const secretValue = `S3cr3t-${randomBytes(12).toString('hex')}`;

/** Settings every case shares, so that each case isolates exactly its own risky setting. */
const HARDENED = ['--user', '10001:10001', '--security-opt', 'no-new-privileges'];

/**
 * One created container per setting, and the rule ids each must raise on
 * Podman: exactly these. The differences from Docker's live test are the
 * point: a container that drops nothing keeps no NET_RAW, and adding it is
 * an addition beyond Podman's set.
 */
const AUDIT_CASES: { name: string; flags: string[]; rules: string[] }[] = [
  { name: 'pm-default-caps', flags: [], rules: ['capabilities-not-dropped'] },
  { name: 'pm-net-raw', flags: ['--cap-add', 'NET_RAW'], rules: ['capabilities-not-dropped', 'net-raw'] },
  { name: 'pm-drop-one', flags: ['--cap-drop', 'CHOWN'], rules: ['capabilities-not-dropped'] },
  { name: 'pm-dangerous-cap', flags: ['--cap-drop', 'ALL', '--cap-add', 'SYS_ADMIN'], rules: ['dangerous-capability'] },
  { name: 'pm-privileged', flags: ['--privileged'], rules: ['privileged'] },
  { name: 'pm-host-network', flags: ['--cap-drop', 'ALL', '--network', 'host'], rules: ['host-network', 'metadata-api-exposure'] },
  { name: 'pm-host-pid', flags: ['--cap-drop', 'ALL', '--pid', 'host'], rules: ['host-pid'] },
  { name: 'pm-ports', flags: ['--cap-drop', 'ALL', '-p', '8080:80', '-p', '127.0.0.1:9000:9000'], rules: ['port-all-interfaces'] },
  { name: 'pm-etc', flags: ['--cap-drop', 'ALL', '-v', '/etc:/host-etc'], rules: ['sensitive-host-mount'] },
  { name: 'pm-env', flags: ['--cap-drop', 'ALL', '-e', `DB_PASSWORD=${secretValue}`], rules: ['env-secret'] },
  { name: 'pm-selinux', flags: ['--cap-drop', 'ALL', '--security-opt', 'label=disable'], rules: ['selinux-disabled'] },
  { name: 'pm-hardened', flags: ['--cap-drop', 'ALL', '--network', 'none'], rules: [] },
];
const NAMES = AUDIT_CASES.map((testCase) => testCase.name);
const fingerprintKey = { DOCKWARD_FINGERPRINT_KEY: 'podman-test' };

/**
 * What must agree between sources: which rule, which message, about which
 * setting. Podman's inspect lists the capabilities a container holds, not the
 * order they were added in, and the security options it does not report come
 * from the create command after the ones it does: positions in those two
 * lists are left out.
 */
const same = (findings: JsonFinding[]) =>
  findings
    .map(({ ruleId, severity, messageId, message, path, target }) => ({
      ruleId,
      severity,
      messageId,
      message,
      path: path.replace(/^(capAdd|securityOpt)\[\d+\]$/, '$1'),
      target,
    }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

let service: TestPodman;
let image: string;
let live: JsonReport;
let liveExit: number | null;

beforeAll(async () => {
  service = await startTestPodman();
  image = await buildPodmanTestImage(service.podman);
  for (const { name, flags } of AUDIT_CASES) await service.podman(['create', '--name', name, ...HARDENED, ...flags, image]);
  const result = await runCli(['scan', '--format', 'json', '--profile', 'all', '--name', 'pm-*'], {
    env: { DOCKER_HOST: service.host, ...fingerprintKey },
  });
  liveExit = result.code;
  live = JSON.parse(result.stdout) as JsonReport;
});

afterAll(async () => {
  await service?.stop();
});

/** The findings of one container, under the profile a user runs by default. */
function rulesOf(report: JsonReport, name: string, profile: readonly string[]): string[] {
  return report.findings
    .filter((finding) => finding.target === name && profile.includes(finding.ruleId))
    .map((finding) => finding.ruleId)
    .sort();
}

describe('a live Podman service (issue 20)', () => {
  it('is recognised and audited with Podman defaults: exactly the expected rule ids for each setting', () => {
    expect(live.engine).toMatchObject({ source: 'engine', product: 'podman', endpoint: service.host });
    const recommended = live.rules.filter((rule) => rule.profiles.includes('recommended')).map((rule) => rule.id);
    for (const { name, rules } of AUDIT_CASES) expect(rulesOf(live, name, recommended), name).toEqual([...rules].sort());
    expect(liveExit).toBe(1);
  });

  it('computes what each container holds from what Podman reports, not from Docker set', () => {
    const held = (name: string) => live.targets.find((target) => target.name === name)?.effectiveCapabilities;
    // containers.conf's eleven, in the kernel's order, as the report lists them.
    expect(held('pm-default-caps')).toEqual(
      'CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE SYS_CHROOT SETFCAP'.split(' '),
    );
    expect(held('pm-net-raw')).toContain('NET_RAW');
    expect(held('pm-drop-one')).not.toContain('CHOWN');
    expect(held('pm-hardened')).toEqual([]);
    expect(held('pm-dangerous-cap')).toEqual(['SYS_ADMIN']);
    const defaults = live.findings.find((finding) => finding.target === 'pm-default-caps' && finding.ruleId === 'capabilities-not-dropped');
    expect(defaults?.message).toContain("Podman's default set (containers.conf default_capabilities)");
    expect(defaults?.location?.field).toBe('BoundingCaps');
  });

  it("says engine-level findings in Podman's terms, never Docker daemon settings", () => {
    const engineFindings = live.findings.filter((finding) => finding.target === service.host);
    expect(engineFindings.map((finding) => [finding.ruleId, finding.messageId])).toEqual([['daemon-userns-remap', 'podmanRootful']]);
    expect(engineFindings[0]?.fix).toContain('containers.conf');
    expect(JSON.stringify(engineFindings)).not.toMatch(/daemon\.json|DOCKER-USER/);
  });

  it('never prints a secret value', () => {
    expect(JSON.stringify(live)).not.toContain(secretValue);
    expect(live.findings.some((finding) => finding.target === 'pm-env' && finding.message.includes('DB_PASSWORD'))).toBe(true);
  });

  it('gives the same findings from podman inspect output as from the live service', async () => {
    const file = join(service.dir, 'inspect.json');
    await writeFile(file, await service.podman(['inspect', ...NAMES]));
    const fromFile = await runCli(['scan', '--inspect', file, '--format', 'json', '--profile', 'all'], { env: fingerprintKey });
    expect(fromFile.stderr).toBe('');
    const report = JSON.parse(fromFile.stdout) as JsonReport;
    expect(same(report.findings)).toEqual(same(live.findings.filter((finding) => finding.target !== service.host)));
  });
});

describe('one Podman container, three sources (issue 20)', () => {
  const name = 'pm-equivalence';
  const flags = [
    '--cap-add',
    'SYS_ADMIN',
    '--cap-add',
    'NET_RAW',
    '--cap-drop',
    'CHOWN',
    '--security-opt',
    'unmask=/proc/kcore',
    '--security-opt',
    'label=disable',
    ...EQUIVALENCE_FLAGS,
  ];

  it('gives the same findings as a podman run line, podman inspect and the live service', async () => {
    await service.podman(['create', '--name', name, ...flags, image]);
    const quoted = flags.map((flag) => `'${flag}'`).join(' ');
    const fromRun = await lintRunLine(`podman run --name ${name} ${quoted} ${image}`);
    const file = join(service.dir, 'equivalence.json');
    await writeFile(file, await service.podman(['inspect', name]));
    const fromInspect = JSON.parse(
      (await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--profile', 'all', '--inspect', file], { env: fingerprintKey }))
        .stdout,
    ) as JsonReport;
    const fromLive = JSON.parse(
      (
        await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--profile', 'all', '--name', name], {
          env: { DOCKER_HOST: service.host, ...fingerprintKey },
        })
      ).stdout,
    ) as JsonReport;
    const liveContainer = fromLive.findings.filter((finding) => finding.target === name);

    expect(same(fromRun.findings).length).toBeGreaterThan(10);
    expect(same(fromInspect.findings)).toEqual(same(liveContainer));
    // The flags say what only an inspect would otherwise know (the user, no healthcheck), so the run line judges all of it.
    expect(same(fromRun.findings)).toEqual(same(liveContainer));
    for (const report of [fromRun, fromInspect, fromLive]) expect(JSON.stringify(report)).not.toContain('equivalence-secret');
  });
});
