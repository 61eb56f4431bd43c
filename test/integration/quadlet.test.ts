import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type JsonFinding, type JsonReport } from '../support/cli.js';
import { lintRunLine } from '../support/equivalence.js';

/** A unit as a self-hosted app publishes one, with the mistakes such units make. */
const WEB_UNIT = `# Nextcloud behind the host's proxy
[Unit]
Description=Nextcloud
After=network-online.target

[Container]
Image=docker.io/library/nextcloud:29
ContainerName=nextcloud
PublishPort=8080:80
Volume=/srv/nextcloud:/var/www/html:Z
Volume=/run/podman/podman.sock:/var/run/docker.sock
Environment=NEXTCLOUD_ADMIN_USER=admin "NEXTCLOUD_ADMIN_PASSWORD=Tr0ub4dor&3-quadlet"
; the preview generator needs it, says a forum post
AddCapability=SYS_ADMIN \\
  NET_RAW
SecurityLabelDisable=true
PodmanArgs=--security-opt=seccomp=unconfined --pids-limit=-1

[Service]
Restart=always

[Install]
WantedBy=default.target
`;

/** What Quadlet generates for WEB_UNIT, less what it adds to every container and changes nothing the rules read. */
const WEB_RUN_LINE =
  'podman run --name nextcloud -p 8080:80 -v /srv/nextcloud:/var/www/html:Z -v /run/podman/podman.sock:/var/run/docker.sock ' +
  "--env NEXTCLOUD_ADMIN_USER=admin --env 'NEXTCLOUD_ADMIN_PASSWORD=Tr0ub4dor&3-quadlet' --cap-add SYS_ADMIN --cap-add NET_RAW " +
  '--security-opt label=disable --security-opt=seccomp=unconfined --pids-limit=-1 docker.io/library/nextcloud:29';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-quadlet-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Which rule said what about which setting: what a unit and its run line must agree on (their words differ). */
const judged = (findings: readonly JsonFinding[]) =>
  findings
    .map(({ ruleId, messageId, path, severity }) => ({ ruleId, messageId, path, severity }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('Quadlet units through lint and fix (issue 20)', () => {
  it('gives a unit the findings of the podman run line Quadlet makes of it, in its own words, and never prints the secret', async () => {
    const units = join(dir, 'units');
    await mkdir(units);
    await writeFile(join(units, 'nextcloud.container'), WEB_UNIT);
    const { code, stdout } = await runCli(['lint', units, '--format', 'json', '--profile', 'all', '--fail-on', 'high']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    const fromRun = await lintRunLine(WEB_RUN_LINE);
    expect(judged(report.findings)).toEqual(judged(fromRun.findings));
    expect(report.targets).toEqual([expect.objectContaining({ name: 'nextcloud', syntax: 'quadlet' })]);
    const byRule = (rule: string) => report.findings.find((finding) => finding.ruleId === rule);
    expect(byRule('docker-socket-mount')?.location).toMatchObject({ line: 11, column: 1 });
    expect(byRule('seccomp-unconfined')?.location).toMatchObject({ line: 17, column: 12 });
    expect(byRule('no-new-privileges')?.location).toMatchObject({ line: 6, column: 1 });
    expect(byRule('capabilities-not-dropped')?.message).toContain('DropCapability=ALL');
    expect(report.findings.some((finding) => finding.ruleId === 'restart-policy')).toBe(false);
    expect(stdout).not.toContain('Tr0ub4dor');
    const table = await runCli(['lint', units, '--fail-on', 'none']);
    expect(table.stdout).toContain('fix: `NoNewPrivileges=true`');
    expect(table.stdout).not.toContain('Tr0ub4dor');
  });

  it('reads the units installed for the user with --quadlet', async () => {
    const config = join(dir, 'config');
    await mkdir(join(config, 'containers', 'systemd'), { recursive: true });
    await writeFile(join(config, 'containers', 'systemd', 'web.container'), '[Container]\nImage=web:1\nNetwork=host\n');
    const { stdout } = await runCli(['lint', '--quadlet', '--format', 'json', '--fail-on', 'none'], {
      env: { XDG_CONFIG_HOME: config, XDG_RUNTIME_DIR: join(dir, 'no-runtime-dir') },
    });
    const report = JSON.parse(stdout) as JsonReport;
    const mine = report.findings.filter((finding) => finding.location?.file === join(config, 'containers', 'systemd', 'web.container'));
    expect(mine.map((finding) => finding.ruleId)).toContain('host-network');
  });

  it('reports a line Quadlet refuses with exit 2 and still audits the rest of the unit', async () => {
    const file = join(dir, 'broken.container');
    await writeFile(file, '[Container]\nImage=web:1\nPrivileged=true\nNetwork=host\n');
    const { code, stdout, stderr } = await runCli(['lint', file, '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:3:1: Privileged: not a key of [Container] that Quadlet knows`);
    expect((JSON.parse(stdout) as JsonReport).findings.map((finding) => finding.ruleId)).toContain('host-network');
  });

  it('fixes a unit with every untouched line kept, and the fixed unit no longer raises what fix resolved', async () => {
    const file = join(dir, 'fix', 'nextcloud.container');
    await mkdir(join(dir, 'fix'));
    await writeFile(file, WEB_UNIT);
    const diff = await runCli(['fix', file, '--bind-address', '127.0.0.1']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+PublishPort=127.0.0.1:8080:80');
    expect(diff.stdout).toContain('+NoNewPrivileges=true');
    expect(diff.stdout).toContain('-SecurityLabelDisable=true');
    expect(diff.stdout + diff.stderr).not.toContain('Tr0ub4dor');
    expect(diff.stderr).toContain('decide     env-secret');

    expect((await runCli(['fix', file, '--bind-address', '127.0.0.1', '--write'])).stderr).toContain(`wrote ${file}`);
    const fixed = await readFile(file, 'utf8');
    const kept = WEB_UNIT.split('\n').filter(
      (line) => !/^(PublishPort|AddCapability| {2}NET_RAW|SecurityLabelDisable|PodmanArgs)=?/.test(line),
    );
    for (const line of kept) expect(fixed.split('\n')).toContain(line);
    expect(fixed).toContain('PodmanArgs=--pids-limit=-1\n');
    // What the nextcloud image needs, then what the unit added itself (dangerous-capability leaves that to a person).
    expect(fixed).toMatch(/DropCapability=ALL\nAddCapability=CHOWN SETGID SETUID NET_BIND_SERVICE NET_RAW SYS_ADMIN\n\n\[Service\]/);
    const after = JSON.parse((await runCli(['lint', file, '--format', 'json', '--fail-on', 'none'])).stdout) as JsonReport;
    const left = new Set(after.findings.map((finding) => finding.ruleId));
    for (const rule of ['no-new-privileges', 'selinux-disabled', 'seccomp-unconfined', 'port-all-interfaces', 'capabilities-not-dropped'])
      expect(left.has(rule), rule).toBe(false);
    expect(left.has('docker-socket-mount')).toBe(true);
    // No secret file is written for a unit: Podman keeps secrets itself.
    expect(await readFile(join(dir, 'fix', 'secrets', 'nextcloud_nextcloud_admin_password.txt'), 'utf8').catch(() => 'none')).toBe('none');
  });
});
