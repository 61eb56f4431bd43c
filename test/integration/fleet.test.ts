import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestImage, docker, freePort, startTestEngine } from '../../scripts/test-engine.mjs';
import { runCli, type JsonReport } from '../support/cli.js';
import { makeTlsFiles, type TlsFiles } from '../support/tls-certs.js';

const sharedHost = inject('dockerHost');
const image = inject('testImage');

let dir: string;
let tls: TlsFiles;
let second: Awaited<ReturnType<typeof startTestEngine>>;
/** The second engine as a client reaches it: tcp on loopback, with --tlsverify. */
let tcpHost: string;
const unreachable = 'unix:///nonexistent/dockward-fleet.sock';
const withClientCerts = () => ({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.clientDir, DOCKWARD_FINGERPRINT_KEY: 'fleet' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-fleet-'));
  tls = await makeTlsFiles(join(dir, 'tls'));
  const port = await freePort();
  tcpHost = `tcp://127.0.0.1:${port}`;
  second = await startTestEngine({
    args: ['--host', tcpHost, '--tlsverify', '--tlscacert', tls.server.ca, '--tlscert', tls.server.cert, '--tlskey', tls.server.key],
  });
  await buildTestImage(second.host);
  // The same name on both engines: each must be reported as its own.
  await docker(sharedHost, ['create', '--name', 'fleet-web', '--label', 'fleet=1', '--privileged', image]);
  await docker(second.host, ['create', '--name', 'fleet-web', '--label', 'fleet=1', '--cap-add', 'SYS_ADMIN', image]);
}, 120_000);

afterAll(async () => {
  await docker(sharedHost, ['rm', '-f', 'fleet-web']).catch(() => undefined);
  await second?.stop();
  await rm(dir, { recursive: true, force: true });
});

const scanJson = async (hosts: string[], extra: string[] = [], env: Record<string, string> = withClientCerts()) => {
  const result = await runCli(['scan', ...hosts.flatMap((host) => ['-H', host]), '--label', 'fleet', '--format', 'json', ...extra], {
    env,
  });
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as JsonReport) : undefined };
};

/** The container of the stand-in engines below. */
const STAND_IN_ID = 'f'.repeat(64);

/** Its inspect, as dockerd writes one for a created container (the fields the audit reads, with their defaults). */
const STAND_IN_INSPECT = {
  Id: STAND_IN_ID,
  Created: '2026-12-07T10:00:00.000000000Z',
  Path: 'sh',
  Args: [],
  State: { Status: 'created', Running: false, Paused: false, Restarting: false, Pid: 0, ExitCode: 0 },
  Name: '/fleet-web',
  RestartCount: 0,
  HostConfig: {
    Binds: null,
    NetworkMode: 'default',
    PortBindings: {},
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    LogConfig: { Type: 'json-file', Config: {} },
    CapAdd: null,
    CapDrop: null,
    Privileged: false,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    Memory: 0,
    NanoCpus: 0,
    PidsLimit: null,
  },
  Mounts: [],
  Config: {
    Hostname: 'ffffffffffff',
    User: '',
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['sh'],
    Image: 'busybox',
    Labels: { fleet: '1' },
  },
  NetworkSettings: { Networks: { bridge: { NetworkID: '' } } },
};

/**
 * A stand-in engine on a unix socket in `dir`, answering /version, /info and a
 * list of one container as a daemon does; `answer` gets every other request.
 */
async function standInEngine(
  name: string,
  answer: (url: string, json: (body: unknown, status?: number) => void) => void | Promise<void>,
): Promise<{ host: string; close: () => void }> {
  const socketPath = join(dir, name);
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    const json = (body: unknown, status = 200) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (/\/version$/.test(url)) return json({ ApiVersion: '1.43', Version: '24.0.7' });
    if (/\/info$/.test(url)) return json({ ServerVersion: '24.0.7', SecurityOptions: [] });
    if (/\/containers\/json/.test(url)) return json([{ Id: STAND_IN_ID, Names: ['/fleet-web'], Labels: { fleet: '1' } }]);
    void answer(url, json);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { host: `unix://${socketPath}`, close: () => server.close() };
}

describe('several engines in one run', () => {
  it('audits each engine, naming on every target and finding the engine it is on', async () => {
    const { code, report, stderr } = await scanJson([sharedHost, tcpHost], ['--fail-on', 'none']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report?.engine['source']).toBe('engines');
    expect((report?.engine['engines'] as { endpoint: string }[]).map((engine) => engine.endpoint)).toEqual([sharedHost, tcpHost]);
    const containers = report?.targets.filter((target) => target.kind === 'container') ?? [];
    expect(containers.map((target) => [target.name, target.engine])).toEqual([
      ['fleet-web', sharedHost],
      ['fleet-web', tcpHost],
    ]);
    const rulesOn = (engine: string) =>
      report?.findings.filter((finding) => finding.engine === engine && finding.target === 'fleet-web').map((finding) => finding.ruleId);
    expect(rulesOn(sharedHost)).toContain('privileged');
    expect(rulesOn(sharedHost)).not.toContain('dangerous-capability');
    expect(rulesOn(tcpHost)).toContain('dangerous-capability');
    expect(rulesOn(tcpHost)).not.toContain('privileged');
    // Engine targets lead their own engine's group.
    expect(report?.targets.map((target) => target.kind)).toEqual(['engine', 'container', 'engine', 'container']);
  });

  it('groups the table by engine, in the order given', async () => {
    const { stdout, code } = await runCli(['scan', '-H', tcpHost, '-H', sharedHost, '--label', 'fleet', '--fail-on', 'none'], {
      env: withClientCerts(),
    });
    expect(code).toBe(0);
    const first = stdout.indexOf(`engine ${tcpHost}`);
    const secondHeading = stdout.indexOf(`engine ${sharedHost}`);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(secondHeading).toBeGreaterThan(first);
    expect(stdout.slice(first, secondHeading)).toContain('dangerous-capability');
    expect(stdout.slice(first, secondHeading)).not.toContain('privileged ');
    expect(stdout.slice(secondHeading)).toContain('privileged');
    expect(stdout).toMatch(/2 containers on 2 engines audited/);
  });

  it('audits one daemon reached by two names once, and can save that run', async () => {
    // A second path to the same socket, as Docker Desktop's default and desktop-linux contexts are.
    const alias = join(dir, 'same-engine.sock');
    await symlink(sharedHost.replace(/^unix:\/\//, ''), alias);
    const { code, report, stderr } = await scanJson(
      [sharedHost, `unix://${alias}`],
      ['--fail-on', 'none', '--save', '--db', join(dir, 'same-engine.db')],
    );
    expect(code).toBe(0);
    expect(stderr).toBe(
      `dockward: unix://${alias} is the engine ${sharedHost} reaches (the same daemon and containers): reported once\n` +
        `dockward: saved as scan 1 in ${join(dir, 'same-engine.db')}\n`,
    );
    expect((report?.engine['engines'] as { endpoint: string }[]).map((engine) => engine.endpoint)).toEqual([sharedHost]);
    expect(report?.targets.filter((target) => target.kind === 'container').map((target) => [target.name, target.engine])).toEqual([
      ['fleet-web', sharedHost],
    ]);
  });

  it('lists an engine it cannot reach under problems, audits the others, and exits 3', async () => {
    const { code, report, stderr } = await scanJson([sharedHost, unreachable], ['--fail-on', 'none']);
    expect(code).toBe(3);
    expect(report?.problems).toEqual([
      { engine: unreachable, message: expect.stringMatching(/cannot reach the Docker Engine at unix:\/\/\/nonexistent/) },
    ]);
    expect(report?.targets.filter((target) => target.kind === 'container').map((target) => target.engine)).toEqual([sharedHost]);
    expect(stderr).toMatch(/^dockward: not audited: cannot reach the Docker Engine at unix:\/\/\/nonexistent\S+ \(chosen by --host\)/m);
  });

  it('lists an engine that fails midway (its inspects refused after its list) under problems, with the others reported', async () => {
    // A stand-in for an engine whose daemon breaks between the list and the inspects.
    const failing = await standInEngine('failing.sock', (url, json) => {
      if (/\/networks\/bridge$/.test(url)) json({ Options: {} });
      else json({ message: 'the daemon is shutting down' }, 500);
    });
    try {
      const { code, report, stderr } = await scanJson([sharedHost, failing.host], ['--fail-on', 'none']);
      expect(code).toBe(3);
      expect(report?.problems).toEqual([
        { engine: failing.host, message: expect.stringMatching(/failed to inspect container f{12}: HTTP 500/) as string },
      ]);
      expect(report?.targets.filter((target) => target.kind === 'container').map((target) => target.engine)).toEqual([sharedHost]);
      expect(stderr).toMatch(/not audited: the Docker Engine at unix:\/\/\S+failing\.sock failed to inspect container/);
    } finally {
      failing.close();
    }
  });

  it('inspects the containers without waiting for the engine settings the container rules do not need', async () => {
    // The default bridge answers only once the container is inspected (or after 5 s): a scan that waited for it first is late.
    const order: string[] = [];
    let inspected!: () => void;
    const inspect = new Promise<void>((resolve) => {
      inspected = resolve;
    });
    const slow = await standInEngine('slow-bridge.sock', async (url, json) => {
      if (/\/networks\/bridge$/.test(url)) {
        await Promise.race([inspect, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
        order.push('bridge');
        json({ Options: {} });
      } else if (url.endsWith(`/containers/${STAND_IN_ID}/json`)) {
        order.push('inspect');
        inspected();
        json(STAND_IN_INSPECT);
      } else json({ message: 'not here' }, 404);
    });
    try {
      const { code, report } = await scanJson([slow.host], ['--fail-on', 'none']);
      expect(code).toBe(0);
      expect(order).toEqual(['inspect', 'bridge']);
      // What came late still counts: the default bridge leaves icc on.
      expect(report?.targets.filter((target) => target.kind === 'container').map((target) => target.name)).toEqual(['fleet-web']);
      expect(report?.findings.filter((finding) => finding.ruleId === 'daemon-icc').map((finding) => finding.target)).toEqual([slow.host]);
    } finally {
      slow.close();
    }
  });

  it('lists an engine whose settings fail while its containers are inspected under problems, with the others reported', async () => {
    const broken = await standInEngine('broken-bridge.sock', (url, json) => {
      if (url.endsWith(`/containers/${STAND_IN_ID}/json`)) json(STAND_IN_INSPECT);
      else json({ message: 'the daemon is shutting down' }, 500);
    });
    try {
      const { code, report } = await scanJson([sharedHost, broken.host], ['--fail-on', 'none']);
      expect(code).toBe(3);
      expect(report?.problems).toEqual([{ engine: broken.host, message: expect.stringMatching(/the daemon is shutting down/) as string }]);
      expect(report?.targets.filter((target) => target.kind === 'container').map((target) => target.engine)).toEqual([sharedHost]);
    } finally {
      broken.close();
    }
  });

  it('exits 3 with every reason when no engine can be reached', async () => {
    const { code, stdout, stderr } = await runCli(['scan', '-H', unreachable, '-H', 'unix:///nonexistent/other.sock']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /none of the 2 engines could be audited:\n {2}cannot reach .*dockward-fleet\.sock.*\n {2}cannot reach .*other\.sock/,
    );
  });

  it('keeps a baseline of one engine from hiding the same finding on another', async () => {
    const baseline = join(dir, 'baseline.json');
    expect((await runCli(['baseline', baseline, '-H', sharedHost, '--label', 'fleet'], { env: withClientCerts() })).code).toBe(0);
    const { report } = await scanJson([sharedHost, tcpHost], ['--fail-on', 'none', '--baseline', baseline]);
    const engines = new Set(report?.findings.map((finding) => finding.engine));
    expect([...engines]).toEqual([tcpHost]);
    // Both containers have no-new-privileges unset: the shared engine's is in the baseline, the other's is new.
    expect(report?.findings.some((finding) => finding.ruleId === 'no-new-privileges')).toBe(true);
    expect(JSON.parse(await readFile(baseline, 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('refuses context metadata it cannot read as a docker context, rather than skipping it', async () => {
    const config = join(dir, 'odd-contexts');
    const meta = async (name: string, body: string) => {
      const folder = join(config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'meta.json'), body);
    };
    await meta('numeric', JSON.stringify({ Name: 'numeric', Endpoints: { docker: { Host: 42 } } }));
    const numeric = await runCli(['scan', '--context', 'numeric'], { env: { DOCKER_CONFIG: config } });
    expect(numeric.code).toBe(2);
    expect(numeric.stderr).toContain('Endpoints.docker.Host is not a string');
    await meta('nameless', JSON.stringify({ Endpoints: { docker: { Host: sharedHost } } }));
    const all = await runCli(['scan', '--all-contexts'], { env: { DOCKER_CONFIG: config } });
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('a docker context without a "Name"');
  });

  it('reads --context and --all-contexts from the docker CLI configuration', async () => {
    const config = join(dir, 'docker-config');
    const dockerCli = (args: string[]) => docker(sharedHost, ['--config', config, ...args]);
    await dockerCli(['context', 'create', 'second', '--docker', `host=${second.host}`]);
    const env = { DOCKER_CONFIG: config, DOCKER_HOST: sharedHost, DOCKWARD_FINGERPRINT_KEY: 'fleet' };
    const one = await scanJson([], ['--context', 'second', '--fail-on', 'none'], env);
    expect(one.report?.engine).toMatchObject({ source: 'engine', endpoint: second.host });
    const all = await scanJson([], ['--all-contexts', '--fail-on', 'none'], env);
    expect((all.report?.engine['engines'] as { endpoint: string }[]).map((engine) => engine.endpoint)).toEqual([sharedHost, second.host]);
  });
});

describe('tcp with TLS', () => {
  it('works with the right certificates', async () => {
    const { code, report } = await scanJson([tcpHost], ['--fail-on', 'none']);
    expect(code).toBe(0);
    expect(report?.engine).toMatchObject({ source: 'engine', endpoint: tcpHost });
    // TLS with client certificates is the authenticated form: nothing to say about the API's transport.
    expect(report?.findings.map((finding) => finding.ruleId)).not.toContain('unauthenticated-tcp-api');
  });

  it('refuses a server certificate from another authority with a clear exit 3', async () => {
    const { code, stderr } = await scanJson([tcpHost], [], { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.wrongCaDir });
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /cannot reach the Docker Engine at tcp:\/\/127\.0\.0\.1:\d+ \(chosen by --host\): its TLS certificate is not signed by the CA in /,
    );
  });

  it('reads only the files DOCKER_CERT_PATH names for DOCKER_HOST, and names the folder when they cannot be used', async () => {
    const bare = { DOCKER_HOST: tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.noClientCertDir };
    const missing = await runCli(['scan', '--fail-on', 'none'], { env: bare });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(
      `it asks for a client certificate and none was given: put cert.pem and key.pem beside ca.pem in ${tls.noClientCertDir}`,
    );
    const broken = join(dir, 'broken-key');
    await mkdir(broken);
    for (const file of ['ca.pem', 'cert.pem']) await copyFile(join(tls.clientDir, file), join(broken, file));
    await writeFile(join(broken, 'key.pem'), 'not a key\n');
    const garbage = await runCli(['scan', '--fail-on', 'none'], { env: { ...bare, DOCKER_CERT_PATH: broken } });
    expect(garbage.code).toBe(3);
    expect(garbage.stderr).toContain(`the TLS files in ${broken} (ca.pem, cert.pem, key.pem) cannot be used`);
    await mkdir(join(dir, 'folder-as-ca', 'ca.pem'), { recursive: true });
    const folder = await runCli(['scan', '--fail-on', 'none'], { env: { ...bare, DOCKER_CERT_PATH: join(dir, 'folder-as-ca') } });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`${join(dir, 'folder-as-ca', 'ca.pem')}: cannot read it (EISDIR)`);
  });

  it('says the daemon wants a client certificate when none is given, with exit 3', async () => {
    const { code, stderr } = await scanJson([tcpHost], [], { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.noClientCertDir });
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot reach the Docker Engine at tcp:\/\/127\.0\.0\.1:\d+ \(chosen by --host\): .*client certificate/);
  });
});
