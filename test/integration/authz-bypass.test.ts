import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unitNodeFlags } from '../../scripts/plugin-unit.mjs';
import { buildTestImage, docker, dockerRefused, startTestEngine } from '../../scripts/test-engine.mjs';
import { containerNames, engineRequest } from '../support/engine-api.js';
import { pluginRequest, startDockward, type DockwardProcess } from '../support/plugin-process.js';

/**
 * The ways round the plugin that were seen to work on dockerd 20.10 (issue
 * 14). Each shape is first sent to the suite's plain engine, to show that
 * dockerd acts on it (the control), then to an engine behind the plugin,
 * where it must be refused and leave nothing behind.
 */
const PLUGIN = `dockward-bypass-${process.pid}`;
const SOCKET = `/run/docker/plugins/${PLUGIN}.sock`;
/** The README's systemd unit runs the plugin with these heap flags; the memory tests need them. */
const UNIT_NODE_FLAGS = unitNodeFlags();
const HARDENED = ['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--network', 'none'];

let guarded: Awaited<ReturnType<typeof startTestEngine>>;
let plugin: DockwardProcess;
let plainSocket: string;
let image: string;
let dir: string;
let counter = 0;

const plainHost = () => inject('dockerHost');
const uniqueName = (label: string) => `bypass-${label}-${process.pid}-${counter++}`;

async function inspect(socketPath: string, name: string): Promise<Record<string, any>> {
  const { status, text } = await engineRequest(socketPath, 'GET', `/containers/${name}/json`);
  expect(status, text).toBe(200);
  return JSON.parse(text) as Record<string, any>;
}

async function remove(socketPath: string, name: string): Promise<void> {
  await engineRequest(socketPath, 'DELETE', `/containers/${name}?force=1&v=1`);
}

/** The plugin's answer reached the client: dockerd turns a denial into 403 with the plugin's message. */
function expectDenied(response: { status: number; text: string }, why: RegExp): void {
  expect(response.status, response.text).toBe(403);
  expect(response.text).toContain(`authorization denied by plugin ${PLUGIN}`);
  expect(response.text).toMatch(why);
}

/**
 * A create sent as written: on the plain engine it makes a container whose
 * inspect output `applied` checks; behind the plugin it is denied and no
 * container of that name exists.
 */
async function createAttack(
  path: (name: string) => string,
  body: string,
  applied: (inspected: Record<string, any>) => void,
  why: RegExp,
): Promise<void> {
  const control = uniqueName('control');
  const made = await engineRequest(plainSocket, 'POST', path(control), body);
  expect(made.status, `control: ${made.text}`).toBe(201);
  try {
    applied(await inspect(plainSocket, control));
  } finally {
    await remove(plainSocket, control);
  }
  const name = uniqueName('guarded');
  expectDenied(await engineRequest(guarded.socketPath, 'POST', path(name), body), why);
  expect(await containerNames(guarded.socketPath)).not.toContain(name);
}

const privilegedBody = (hostConfigKey = 'HostConfig', privilegedKey = 'Privileged') =>
  `{"Image":"${image}","${hostConfigKey}":{"${privilegedKey}":true,"NetworkMode":"none"}}`;
const isPrivileged = (inspected: Record<string, any>) => expect(inspected['HostConfig']['Privileged']).toBe(true);

beforeAll(async () => {
  plainSocket = plainHost().replace(/^unix:\/\//, '');
  dir = await mkdtemp(join(tmpdir(), 'dw-bypass-'));
  const config = join(dir, 'policy.yaml');
  // A label waiver without a user: the requester can write the label, so it must not apply here.
  await writeFile(
    config,
    `waivers:
  - rule: host-pid
    target: {label: app=traefik}
    reason: the proxy reads host processes
    owner: sre@example.com
    expires: 2099-12-31
  - rule: host-pid
    target: bypass-pid-agent
    reason: a node agent; what joins its namespaces is judged on its own
    owner: sre@example.com
    expires: 2099-12-31
  - rule: sensitive-host-mount
    target: bypass-etc-holder
    reason: holds the host's configuration read-write on purpose
    owner: sre@example.com
    expires: 2099-12-31
  - rule: sensitive-host-mount
    target: legacy-etc
    reason: a volume the host owner made on purpose; containers that mount it are judged on their own
    owner: sre@example.com
    expires: 2099-12-31
`,
  );
  // The plugin reads named volumes from the engine it guards, which starts after it (a link made then).
  plugin = startDockward(
    ['authz', 'serve', '--socket', SOCKET, '--mode', 'enforce', '--config', config, '--host', `unix://${join(dir, 'engine.sock')}`],
    {},
    UNIT_NODE_FLAGS,
  );
  await plugin.waitFor(/listening on/);
  guarded = await startTestEngine({ args: [`--authorization-plugin=${PLUGIN}`] });
  await symlink(guarded.socketPath, join(dir, 'engine.sock'));
  image = await buildTestImage(guarded.host);
  await buildTestImage(plainHost());
}, 120_000);

afterAll(async () => {
  await guarded?.stop();
  await plugin?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('the guard holds against requests shaped to get past it', () => {
  it('1. takes no waiver from the request: neither a waiver label nor a configured waiver on a label the requester sets', async () => {
    const privileged = await dockerRefused(guarded.host, ['create', '--privileged', '-l', 'dockward.waive.privileged=x', image]);
    expect(privileged).toMatch(/privileged \(critical\)/);
    const pid = await dockerRefused(guarded.host, ['create', '--pid', 'host', '-l', 'app=traefik', ...HARDENED, image]);
    expect(pid).toMatch(/host-pid \(high\)/);
  });

  it('2. routes percent-encoded paths and any version prefix as dockerd does', async () => {
    for (const path of [
      '/v1.41/containers/%63reate',
      '/v1.41/containers%2Fcreate',
      '/v1.41.0/containers/create',
      '/%761.41/containers/create',
    ]) {
      await createAttack((name) => `${path}?name=${name}`, privilegedBody(), isPrivileged, /privileged \(critical\)/);
    }
  });

  it('3. reads keys as Go does: any case, folded letters, duplicate objects merged', async () => {
    const bodies: [string, (inspected: Record<string, any>) => void][] = [
      [privilegedBody('hostconfig', 'privileged'), isPrivileged],
      [privilegedBody('Ho\u017ftConfig'), isPrivileged],
      [`{"Image":"${image}","HostConfig":{"Privileged":true},"HostConfig":{"NetworkMode":"none"}}`, isPrivileged],
      [
        `{"Image":"${image}","HostConfig":{"NetworkMode":"none","capadd":["SYS_ADMIN"]}}`,
        (inspected) => expect(inspected['HostConfig']['CapAdd']).toEqual(['SYS_ADMIN']),
      ],
      [
        `{"Image":"${image}","HostConfig":{"NetworkMode":"none","binds":["/:/host"]}}`,
        (inspected) => expect(inspected['HostConfig']['Binds']).toEqual(['/:/host']),
      ],
      [
        `{"Image":"${image}","HostConfig":{"NetworkMode":"none","devices":[{"pathonhost":"/dev/mem","pathincontainer":"/dev/mem","cgrouppermissions":"rwm"}]}}`,
        (inspected) => expect(inspected['HostConfig']['Devices'][0]['PathOnHost']).toBe('/dev/mem'),
      ],
      [
        `{"Image":"${image}","HostConfig":{"NetworkMode":"none","mounts":[{"type":"bind","source":"/","target":"/host"}]}}`,
        (inspected) => expect(inspected['HostConfig']['Mounts'][0]['Source']).toBe('/'),
      ],
    ];
    for (const [body, applied] of bodies)
      await createAttack((name) => `/v1.41/containers/create?name=${name}`, body, applied, /dockward denied this request/);
  });

  it('4. reads the deprecated top-level HostConfig fields of a create', async () => {
    await createAttack(
      (name) => `/v1.41/containers/create?name=${name}`,
      `{"Image":"${image}","Privileged":true,"NetworkMode":"none"}`,
      isPrivileged,
      /privileged \(critical\)/,
    );
  });

  it('3, 8, 9. judges exec and update bodies in any case, root by any spelling, and denies one whose body dockerd drops', async () => {
    const running = (socket: string, host: string) =>
      docker(host, [
        'run',
        '-d',
        '--pids-limit',
        '50',
        ...HARDENED,
        '--name',
        `bypass-live-${socket === plainSocket ? 'plain' : 'guarded'}-${process.pid}`,
        image,
        '/busybox',
        'sleep',
        '120',
      ]);
    const controlId = await running(plainSocket, plainHost());
    const guardedId = await running(guarded.socketPath, guarded.host);
    try {
      const padding = 'x'.repeat(1024 * 1024 + 100);
      const execs = [
        `{"Cmd":["/busybox","true"],"privileged":true}`,
        `{"Cmd":["/busybox","true"],"Privileged":true,"Env":["PAD=${padding}"]}`,
        ...['00', '0000:0', '+0'].map((user) => `{"Cmd":["/busybox","id","-u"],"User":"${user}"}`),
      ];
      for (const body of execs) {
        const made = await engineRequest(plainSocket, 'POST', `/v1.41/containers/${controlId}/exec`, body);
        expect(made.status, `control: ${made.text.slice(0, 200)}`).toBe(201);
        expectDenied(
          await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/${guardedId}/exec`, body),
          /exec-(privileged|root)|no body the plugin can see/,
        );
      }
      // No exec session was made on the guarded engine.
      expect((await inspect(guarded.socketPath, guardedId))['ExecIDs']).toBeNull();
      // An exec whose uid is 0 by another spelling does run as root.
      const asRoot = JSON.parse(
        (
          await engineRequest(
            plainSocket,
            'POST',
            `/v1.41/containers/${controlId}/exec`,
            '{"Cmd":["/busybox","id","-u"],"User":"+0","AttachStdout":true}',
          )
        ).text,
      ) as { Id: string };
      const output = await engineRequest(plainSocket, 'POST', `/v1.41/exec/${asRoot.Id}/start`, '{"Detach":false,"Tty":true}');
      expect(output.text.trim()).toBe('0');

      const update = '{"pidslimit":-1}';
      expect((await engineRequest(plainSocket, 'POST', `/v1.41/containers/${controlId}/update`, update)).status).toBe(200);
      expect((await inspect(plainSocket, controlId))['HostConfig']['PidsLimit']).not.toBe(50);
      expectDenied(await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/${guardedId}/update`, update), /pids-limit/);
      expect((await inspect(guarded.socketPath, guardedId))['HostConfig']['PidsLimit']).toBe(50);
    } finally {
      await remove(plainSocket, controlId);
      await remove(guarded.socketPath, guardedId);
    }
  });

  it('5. judges the HostConfig a start carries under API 1.23', async () => {
    const hostDir = await mkdtemp(join(tmpdir(), 'dw-start-'));
    const control = uniqueName('start');
    try {
      expect(
        (
          await engineRequest(
            plainSocket,
            'POST',
            `/v1.41/containers/create?name=${control}`,
            `{"Image":"${image}","Cmd":["/busybox","sleep","60"],"HostConfig":{"NetworkMode":"none"}}`,
          )
        ).status,
      ).toBe(201);
      // The control applies a harmless bind: the point is that dockerd applies the start's HostConfig.
      const started = await engineRequest(
        plainSocket,
        'POST',
        `/v1.23/containers/${control}/start`,
        JSON.stringify({ Binds: [`${hostDir}:/host`], NetworkMode: 'none' }),
      );
      expect(started.status, started.text).toBe(204);
      expect((await inspect(plainSocket, control))['HostConfig']['Binds']).toEqual([`${hostDir}:/host`]);
    } finally {
      await remove(plainSocket, control);
      await rm(hostDir, { recursive: true, force: true });
    }
    const name = uniqueName('start');
    await docker(guarded.host, ['create', '--name', name, ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      const risky = JSON.stringify({ Binds: ['/:/host'], PidMode: 'host', CapAdd: ['SYS_ADMIN'], NetworkMode: 'none' });
      expectDenied(
        await engineRequest(guarded.socketPath, 'POST', `/v1.23/containers/${name}/start`, risky),
        /sensitive-host-mount|host-pid/,
      );
      const after = await inspect(guarded.socketPath, name);
      expect(after['State']['Running']).toBe(false);
      expect(after['HostConfig']['Binds']).toBeNull();
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it('6. judges local volumes that bind a host path, created alone or inline in a mount', async () => {
    const volume = `bypass-root-${process.pid}`;
    const body = JSON.stringify({ Name: volume, Driver: 'local', DriverOpts: { type: 'none', o: 'bind', device: '/' } });
    expect((await engineRequest(plainSocket, 'POST', '/v1.41/volumes/create', body)).status).toBe(201);
    await engineRequest(plainSocket, 'DELETE', `/v1.41/volumes/${volume}`);
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/volumes/create', body), /sensitive-host-mount/);
    expect((await engineRequest(guarded.socketPath, 'GET', `/v1.41/volumes/${volume}`)).status).toBe(404);
    const inline = (name: string) =>
      JSON.stringify({
        Image: image,
        HostConfig: {
          NetworkMode: 'none',
          Mounts: [
            {
              Type: 'volume',
              Source: `inline-${name}`,
              Target: '/host',
              VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/' } } },
            },
          ],
        },
      });
    const control = uniqueName('inline');
    expect((await engineRequest(plainSocket, 'POST', `/v1.41/containers/create?name=${control}`, inline(control))).status).toBe(201);
    await remove(plainSocket, control);
    const name = uniqueName('inline');
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/create?name=${name}`, inline(name)),
      /sensitive-host-mount/,
    );
  });

  it('6. judges a named volume the engine already has with bind options as that bind, when a container mounts it', async () => {
    // The volume itself is waived by name in the configuration: the host owner's decision.
    const volume = JSON.stringify({ Name: 'legacy-etc', Driver: 'local', DriverOpts: { type: 'none', o: 'bind', device: '/etc' } });
    expect((await engineRequest(guarded.socketPath, 'POST', '/v1.41/volumes/create', volume)).status).toBe(201);
    try {
      const name = uniqueName('named-volume');
      const stderr = await dockerRefused(guarded.host, ['create', '--name', name, '-v', 'legacy-etc:/config', ...HARDENED, image]);
      expect(stderr).toMatch(/sensitive-host-mount \(high\)/);
      expect(await containerNames(guarded.socketPath)).not.toContain(name);
      const mounted = await dockerRefused(guarded.host, [
        'create',
        '--mount',
        'type=volume,src=legacy-etc,dst=/config',
        ...HARDENED,
        image,
      ]);
      expect(mounted).toMatch(/sensitive-host-mount/);
      // A plain named volume is still a volume.
      await docker(guarded.host, ['create', '--name', uniqueName('plain-volume'), '-v', `plain-${process.pid}:/data`, ...HARDENED, image]);
    } finally {
      await engineRequest(guarded.socketPath, 'DELETE', '/v1.41/volumes/legacy-etc');
    }
  });

  it('judges what a container takes from another: its volumes (--volumes-from) and its host namespaces (container:NAME)', async () => {
    await docker(guarded.host, ['create', '--name', 'bypass-etc-holder', '-v', '/etc:/host-etc', ...HARDENED, image]);
    await docker(guarded.host, ['create', '--name', 'bypass-pid-agent', '--pid', 'host', ...HARDENED, image]);
    try {
      const from = await dockerRefused(guarded.host, ['create', '--volumes-from', 'bypass-etc-holder', ...HARDENED, image]);
      expect(from).toMatch(/sensitive-host-mount \(high\)/);
      const joined = await dockerRefused(guarded.host, ['create', '--pid', 'container:bypass-pid-agent', ...HARDENED, image]);
      expect(joined).toMatch(/host-pid \(high\)/);
      // Joining a container that is not on the host's namespaces is not a finding.
      await docker(guarded.host, [
        'create',
        '--name',
        uniqueName('joins-holder'),
        '--pid',
        'container:bypass-etc-holder',
        ...HARDENED,
        image,
      ]);
    } finally {
      await remove(guarded.socketPath, 'bypass-etc-holder');
      await remove(guarded.socketPath, 'bypass-pid-agent');
    }
  });

  it('7. judges Swarm service creates and updates like containers', async () => {
    const spec = JSON.stringify({
      Name: 'bypass-svc',
      TaskTemplate: {
        ContainerSpec: { Image: image, CapabilityAdd: ['CAP_SYS_ADMIN'], Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }] },
      },
    });
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', '/v1.41/services/create', spec),
      /dangerous-capability|sensitive-host-mount/,
    );
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', '/v1.41/services/bypass-svc/update?version=1', spec),
      /dangerous-capability|sensitive-host-mount/,
    );
    expect((await engineRequest(guarded.socketPath, 'GET', '/v1.41/services')).status).toBe(503);
    // Without the plugin the request reaches the handler (this engine is no swarm manager, so 503).
    expect((await engineRequest(plainSocket, 'POST', '/v1.41/services/create', spec)).status).toBe(503);
  });

  it('10. denies plugins it cannot judge (an archive the daemon does not show) and judges granted privileges', async () => {
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', '/v1.41/plugins/create?name=evil', Buffer.from('not shown'), {
        'Content-Type': 'application/x-tar',
      }),
      /archive/,
    );
    const privileges = JSON.stringify([
      { Name: 'network', Value: ['host'] },
      { Name: 'mount', Value: ['/var/run/docker.sock'] },
      { Name: 'capabilities', Value: ['CAP_SYS_ADMIN'] },
    ]);
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', '/v1.41/plugins/pull?remote=evil/plugin', privileges),
      /docker-socket-mount/,
    );
    expect(JSON.parse((await engineRequest(guarded.socketPath, 'GET', '/v1.41/plugins')).text)).toEqual([]);
  });

  it('11. judges an inline seccomp profile that allows everything as unconfined', async () => {
    const profile = join(dir, 'allow-all.json');
    await writeFile(profile, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
    const stderr = await dockerRefused(guarded.host, [
      'create',
      '--security-opt',
      `seccomp=${profile}`,
      '--cap-drop',
      'ALL',
      '--network',
      'none',
      image,
    ]);
    expect(stderr).toMatch(/seccomp-unconfined \(high\).*SCMP_ACT_ALLOW/);
  });

  it("12. treats the engines' own state and sockets as sensitive host paths", async () => {
    for (const volume of ['/var/run/docker:/x:ro', '/var/lib/containerd:/x', '/run/containerd:/x']) {
      const stderr = await dockerRefused(guarded.host, ['create', '-v', volume, ...HARDENED, image]);
      expect(stderr, volume).toMatch(/sensitive-host-mount|docker-socket-mount/);
    }
  });
});

/** Shapes an independent attacker found to work after the twelve above were closed; each is a reproduction of its report. */
describe('the guard holds against what an independent attack found next', () => {
  it('denies joining a swarm, whose managers would run tasks the plugin never sees', async () => {
    const join = JSON.stringify({
      ListenAddr: '127.0.0.1:2399',
      AdvertiseAddr: '127.0.0.1',
      RemoteAddrs: ['127.0.0.1:2398'],
      JoinToken: 'SWMTKN-1-x',
    });
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/swarm/join', join), /joining a swarm/);
    expect((await engineRequest(guarded.socketPath, 'GET', '/v1.41/swarm')).status).toBe(503);
  });

  it('judges local volumes with a relative device, a kernel filesystem or an overlay of host directories', async () => {
    for (const [label, DriverOpts] of [
      ['relative bind', { type: 'none', o: 'bind', device: '../../etc' }],
      ['procfs', { type: 'proc', device: 'proc' }],
      ['overlay', { type: 'overlay', device: 'overlay', o: `lowerdir=${dir},upperdir=/root,workdir=${dir}` }],
    ] as const) {
      const name = `bypass-${label.replace(' ', '-')}-${process.pid}`;
      const body = JSON.stringify({ Name: name, Driver: 'local', DriverOpts });
      expect((await engineRequest(plainSocket, 'POST', '/v1.41/volumes/create', body)).status, `control: ${label}`).toBe(201);
      await engineRequest(plainSocket, 'DELETE', `/v1.41/volumes/${name}`);
      expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/volumes/create', body), /sensitive-host-mount/);
      expect((await engineRequest(guarded.socketPath, 'GET', `/v1.41/volumes/${name}`)).status, label).toBe(404);
    }
  });

  it('resolves symbolic links in bind sources, at create and again at start', async () => {
    const share = join(dir, 'share');
    await mkdir(share);
    await symlink('/', join(share, 'root'));
    const planted = await dockerRefused(guarded.host, ['create', '-v', `${share}/root:/host`, ...HARDENED, image]);
    expect(planted).toMatch(/docker-socket-mount|sensitive-host-mount/);
    // A source that is a plain directory at create and a link to / by the time the container starts.
    const swapped = join(dir, 'swapped');
    await mkdir(swapped);
    const name = uniqueName('swap');
    await docker(guarded.host, ['create', '--name', name, '-v', `${swapped}:/host`, ...HARDENED, image, '/busybox', 'sleep', '30']);
    try {
      await rm(swapped, { recursive: true });
      await symlink('/etc', swapped);
      expectDenied(await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/${name}/start`), /sensitive-host-mount/);
      expect((await inspect(guarded.socketPath, name))['State']['Running']).toBe(false);
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it('judges /proc mounted read-only as the host it reaches, /proc/self/root included', async () => {
    for (const volume of ['/proc/self/root:/h:ro', '/proc:/hp:ro']) {
      const stderr = await dockerRefused(guarded.host, ['create', '-v', volume, ...HARDENED, image]);
      expect(stderr, volume).toMatch(/(docker-socket-mount|sensitive-host-mount) \((critical|high)\)/);
    }
  });

  it('judges a service on the host network named by its id, as the docker CLI names it', async () => {
    const host = JSON.parse((await engineRequest(guarded.socketPath, 'GET', '/v1.41/networks/host')).text) as { Id: string };
    const spec = JSON.stringify({
      Name: 'bypass-hostnet',
      TaskTemplate: { ContainerSpec: { Image: image, CapabilityDrop: ['ALL'] }, Networks: [{ Target: host.Id }] },
    });
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/services/create', spec), /host-network/);
    const create = JSON.stringify({ Image: image, HostConfig: { NetworkMode: host.Id, CapDrop: ['ALL'] } });
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/containers/create', create), /host-network/);
  });

  it('judges the network of a classic build', async () => {
    expectDenied(
      await engineRequest(guarded.socketPath, 'POST', '/v1.41/build?networkmode=host&rm=0', Buffer.alloc(1024), {
        'Content-Type': 'application/x-tar',
      }),
      /host-network/,
    );
  });

  it('judges a seccomp profile that allows by name the calls the default profile blocks', async () => {
    const profile = join(dir, 'allow-list.json');
    await writeFile(
      profile,
      JSON.stringify({
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ names: ['read', 'write', 'exit', 'mount', 'unshare', 'keyctl', 'bpf'], action: 'SCMP_ACT_ALLOW' }],
      }),
    );
    const stderr = await dockerRefused(guarded.host, ['create', '--security-opt', `seccomp=${profile}`, ...HARDENED, image]);
    expect(stderr).toMatch(/seccomp-unconfined \(high\).*bpf, keyctl, mount, unshare/);
  });

  it("knows a user name that is uid 0 in the container's /etc/passwd as root", async () => {
    const name = uniqueName('passwd');
    await docker(guarded.host, ['run', '-d', '--name', name, '--user', '1000', ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      const etc = join(dir, 'passwd-etc');
      await mkdir(etc);
      await writeFile(join(etc, 'passwd'), 'root:x:0:0::/:/busybox\nsvc:x:0:0::/:/busybox\napp:x:1000:1000::/:/busybox\n');
      await docker(guarded.host, ['cp', `${etc}/.`, `${name}:/etc`]);
      for (const user of ['svc', 'svc:app']) {
        expectDenied(
          await engineRequest(
            guarded.socketPath,
            'POST',
            `/v1.41/containers/${name}/exec`,
            JSON.stringify({ Cmd: ['/busybox', 'id'], User: user }),
          ),
          /exec-root/,
        );
      }
      expect(
        (
          await engineRequest(
            guarded.socketPath,
            'POST',
            `/v1.41/containers/${name}/exec`,
            JSON.stringify({ Cmd: ['/busybox', 'id'], User: 'app' }),
          )
        ).status,
      ).toBe(201);
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it('counts a limit raised past what the host has as lifted', async () => {
    const name = uniqueName('limits');
    await docker(guarded.host, ['create', '--name', name, '--memory', '64m', '--pids-limit', '50', ...HARDENED, image]);
    try {
      // Raw text: the largest int64 does not survive a JavaScript number.
      for (const body of ['{"Memory":8796093022208,"MemorySwap":-1}', '{"PidsLimit":9223372036854775807}']) {
        expectDenied(await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/${name}/update`, body), /(memory|pids)-limit/);
      }
      const limits = (await inspect(guarded.socketPath, name))['HostConfig'];
      expect([limits['Memory'], limits['PidsLimit']]).toEqual([64 * 1024 * 1024, 50]);
    } finally {
      await remove(guarded.socketPath, name);
    }
  });
});

/** What a second independent attack, on the plugin with the above closed, still got through. */
describe('the guard holds against what a second independent attack found', () => {
  it("takes the last of ro and rw in a volume's options, as mount does", async () => {
    const body = JSON.stringify({
      Name: `bypass-rorw-${process.pid}`,
      Driver: 'local',
      DriverOpts: { type: 'none', o: 'ro,bind,rw', device: '/etc' },
    });
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/volumes/create', body), /sensitive-host-mount \(high\)/);
    const inline = JSON.stringify({
      Image: image,
      HostConfig: {
        NetworkMode: 'none',
        Mounts: [
          {
            Type: 'volume',
            Target: '/h',
            VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'ro,bind,rw', device: '/root' } } },
          },
        ],
      },
    });
    expectDenied(await engineRequest(guarded.socketPath, 'POST', '/v1.41/containers/create', inline), /sensitive-host-mount \(high\)/);
  });

  it('denies a local volume of a filesystem type it does not know, and knows cpuset', async () => {
    for (const type of ['cpuset', 'nosuchfs']) {
      const body = JSON.stringify({ Name: `bypass-${type}-${process.pid}`, Driver: 'local', DriverOpts: { type, device: type } });
      expectDenied(
        await engineRequest(guarded.socketPath, 'POST', '/v1.41/volumes/create', body),
        type === 'cpuset' ? /sensitive-host-mount/ : /cannot be judged/,
      );
    }
  });

  it("judges partial MaskedPaths and ReadonlyPaths, which replace the daemon's defaults", async () => {
    await createAttack(
      (name) => `/v1.41/containers/create?name=${name}`,
      `{"Image":"${image}","HostConfig":{"NetworkMode":"none","CapDrop":["ALL"],"MaskedPaths":["/proc/asound"],"ReadonlyPaths":["/proc/asound"]}}`,
      (inspected) => expect(inspected['HostConfig']['ReadonlyPaths']).toEqual(['/proc/asound']),
      /systempaths-unconfined \(high\): leaves \/proc\/kcore/,
    );
  });

  it('judges a restart like a start, with bind sources resolved again', async () => {
    const share = join(dir, 'restart-share');
    await mkdir(join(share, 'data'), { recursive: true });
    const name = uniqueName('restart');
    await docker(guarded.host, ['run', '-d', '--name', name, '-v', `${share}/data:/data`, ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      await rm(join(share, 'data'), { recursive: true });
      await symlink('/etc', join(share, 'data'));
      expectDenied(await engineRequest(guarded.socketPath, 'POST', `/v1.41/containers/${name}/restart?t=0`), /sensitive-host-mount/);
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it('counts an exec as an empty user part (:0, :) as root, and judges an exec again when it starts', async () => {
    const name = uniqueName('exec-user');
    await docker(guarded.host, ['run', '-d', '--name', name, '--user', '1000:1000', ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      for (const User of [':0', ':']) {
        expectDenied(
          await engineRequest(
            guarded.socketPath,
            'POST',
            `/v1.41/containers/${name}/exec`,
            JSON.stringify({ Cmd: ['/busybox', 'id'], User }),
          ),
          /exec-root/,
        );
      }
      // /etc/passwd changes between the exec's create and its start.
      const etc = join(dir, 'exec-etc');
      await mkdir(etc, { recursive: true });
      await writeFile(join(etc, 'passwd'), 'app:x:1000:1000::/:/busybox\n');
      await docker(guarded.host, ['cp', `${etc}/.`, `${name}:/etc`]);
      const created = await engineRequest(
        guarded.socketPath,
        'POST',
        `/v1.41/containers/${name}/exec`,
        JSON.stringify({ Cmd: ['/busybox', 'id'], User: 'app' }),
      );
      expect(created.status).toBe(201);
      await writeFile(join(etc, 'passwd'), 'app:x:0:0::/:/busybox\n');
      await docker(guarded.host, ['cp', `${etc}/.`, `${name}:/etc`]);
      const { Id } = JSON.parse(created.text) as { Id: string };
      expectDenied(await engineRequest(guarded.socketPath, 'POST', `/v1.41/exec/${Id}/start`, '{"Detach":true}'), /exec-root/);
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it("knows the guarded engine's own socket wherever it listens, and reads passwd as runc does (a third independent attack)", async () => {
    const stderr = await dockerRefused(guarded.host, ['create', '-v', `${dir}:/d:ro`, ...HARDENED, image]);
    expect(stderr).toMatch(/docker-socket-mount \(critical\)/);
    const name = uniqueName('passwd-quirks');
    await docker(guarded.host, ['run', '-d', '--name', name, '--user', '1000', ...HARDENED, image, '/busybox', 'sleep', '60']);
    try {
      const etc = join(dir, 'quirk-etc');
      await mkdir(etc, { recursive: true });
      await writeFile(join(etc, 'passwd'), 'ua:x:abc:abc::/:/x\nub:x::::/:/x\n uc:x:0:0::/:/x\nuh:x:0x0:0::/:/x\n');
      await docker(guarded.host, ['cp', `${etc}/.`, `${name}:/etc`]);
      for (const User of ['ua', 'ub', 'uc', 'uh']) {
        expectDenied(
          await engineRequest(
            guarded.socketPath,
            'POST',
            `/v1.41/containers/${name}/exec`,
            JSON.stringify({ Cmd: ['/busybox', 'id'], User }),
          ),
          /exec-root/,
        );
      }
    } finally {
      await remove(guarded.socketPath, name);
    }
  });

  it('survives a container reference that is no plain name, and looks nothing up beyond the engine', async () => {
    for (const reference of ['container:/nosuchthing', 'container:..', 'container:a b']) {
      const body = JSON.stringify({ Image: image, HostConfig: { NetworkMode: 'none', PidMode: reference, CapDrop: ['ALL'] } });
      const response = await engineRequest(guarded.socketPath, 'POST', '/v1.41/containers/create', body);
      expect(response.status, reference).toBeGreaterThanOrEqual(400);
    }
    expect((await engineRequest(guarded.socketPath, 'GET', '/_ping')).status).toBe(200);
    expect(plugin.child.exitCode).toBeNull();
    expect(plugin.stdout()).not.toMatch(/ENOTFOUND|getaddrinfo/);
  });
});

describe('the guard stays up under load', () => {
  it('answers a create with a near-1 MiB value built to slow a pattern within a second, and the engine stays responsive', async () => {
    const value = 'sk-'.repeat(300_000);
    const started = performance.now();
    const response = await engineRequest(
      guarded.socketPath,
      'POST',
      '/v1.41/containers/create',
      JSON.stringify({ Image: image, Env: [`OPENAI_API_KEY=${value}`], HostConfig: { NetworkMode: 'none', CapDrop: ['ALL'] } }),
    );
    const elapsed = performance.now() - started;
    expect(response.status).toBeLessThan(500);
    expect(elapsed).toBeLessThan(1000);
    const ping = performance.now();
    expect((await engineRequest(guarded.socketPath, 'GET', '/_ping')).status).toBe(200);
    expect(performance.now() - ping).toBeLessThan(1000);
    await engineRequest(guarded.socketPath, 'POST', '/v1.41/containers/prune');
  });

  it("survives 40 concurrent creates of about 1 MiB each at the unit's 64 MiB heap, denying what it cannot hold", async () => {
    const body = (index: number) =>
      JSON.stringify({
        RequestMethod: 'POST',
        RequestUri: '/v1.41/containers/create',
        RequestBody: Buffer.from(JSON.stringify({ Image: image, Env: [`PAD${index}=${'y'.repeat(1000 * 1000)}`] })).toString('base64'),
      });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => pluginRequest(SOCKET, '/AuthZPlugin.AuthZReq', body(index))),
    );
    expect(answers.every(({ status }) => status === 200)).toBe(true);
    const capacity = answers.filter(({ json }) => String(json['Msg']).includes('as many requests as its memory allows')).length;
    expect(capacity).toBeGreaterThan(0);
    expect(plugin.child.exitCode).toBeNull();
    // Still judging afterwards, with the memory given back.
    const after = await engineRequest(guarded.socketPath, 'POST', '/v1.41/containers/create', privilegedBody());
    expectDenied(after, /privileged \(critical\)/);
  });
});
