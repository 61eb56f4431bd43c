import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { judge, type AuthzSettings } from './authz-policy.js';
import type { Policy } from '../model/policy.js';
import { interpretRequest, type AuthzRequest } from '../sources/authz-request/authz-request.js';
import { testFingerprint } from '../../test/support/fingerprint.js';

const settings = (overrides: Partial<AuthzSettings> = {}): AuthzSettings => ({
  policy: () => ({ profile: 'recommended', today: '2026-11-30' }),
  failOn: 'high',
  secretFingerprint: testFingerprint,
  rules: RULES,
  ...overrides,
});
const post = (uri: string, body?: unknown): AuthzRequest => ({
  RequestMethod: 'POST',
  RequestUri: uri,
  ...(body !== undefined && { RequestBody: Buffer.from(JSON.stringify(body)).toString('base64') }),
});
const verdictOf = (request: AuthzRequest, overrides?: Partial<AuthzSettings>) =>
  judge(interpretRequest(request), settings(overrides), undefined, request.User ?? '');

/** The engine and host a plugin guards, as its lookups see them. */
let passwdOfEx1 = 'root:x:0:0::/root:/bin/sh\nsvc:x:0:0::/:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n';
const containers: Record<string, unknown> = {
  proxy: {
    Id: 'p1',
    Name: '/proxy',
    HostConfig: { NetworkMode: 'host', PidMode: 'host' },
    Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true }],
  },
  plain: {
    Id: 'p2',
    Name: '/plain',
    HostConfig: { NetworkMode: 'none' },
    Mounts: [{ Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: true }],
  },
};
const host = {
  volume: async (name: string) =>
    name === 'hostetc'
      ? { driver: 'local', options: { type: 'none', o: 'bind', device: '/etc' } }
      : name === 'data'
        ? { driver: 'local' }
        : undefined,
  container: async (name: string) => containers[name],
  network: async (name: string) => (name === '9f3c2a' ? { driver: 'host' } : name === 'backend' ? { driver: 'bridge' } : undefined),
  // A link planted through another mount: /srv/share/root points at /.
  hostPath: async (path: string) => (path.startsWith('/srv/share/root') ? path.replace('/srv/share/root', '') || '/' : path),
  passwd: async (container: string) => (container === 'ex1' ? passwdOfEx1 : undefined),
  exec: async (id: string) =>
    id === 'e1' ? { ID: 'e1', ContainerID: 'ex1', ProcessConfig: { user: 'app', privileged: false, entrypoint: 'sh' } } : undefined,
};
const withHost = { host };

describe('authorization decisions', () => {
  it('reads binds and mounts of a create body, which inspect output keeps elsewhere', async () => {
    const verdict = await verdictOf(
      post('/v1.43/containers/create?name=proxy', {
        Image: 'traefik',
        HostConfig: {
          Binds: ['/var/run/docker.sock:/var/run/docker.sock:ro'],
          Mounts: [{ Type: 'bind', Source: '/etc', Target: '/host/etc' }],
        },
      }),
    );
    expect(verdict).toMatchObject({ deny: true, kind: 'create' });
    expect(verdict.rules).toEqual(expect.arrayContaining(['docker-socket-mount', 'sensitive-host-mount']));
  });

  it('does not guess what the image sets: no root-user finding from a create body', async () => {
    const verdict = await verdictOf(post('/v1.41/containers/create', { Image: 'nginx', HostConfig: {} }), { failOn: 'medium' });
    expect(verdict.rules).not.toContain('root-user');
  });

  it('applies waivers and rule settings from the policy', async () => {
    const request = post('/v1.41/containers/create?name=agent', { Image: 'x', HostConfig: { PidMode: 'host' } });
    expect((await verdictOf(request)).rules).toEqual(['host-pid']);
    const waived = {
      policy: () => ({
        profile: 'recommended' as const,
        today: '2026-11-30',
        waivers: [{ rule: 'host-pid', target: 'agent', reason: 'r', owner: 'o', expires: '2027-01-01' }],
      }),
    };
    expect(await verdictOf(request, waived)).toMatchObject({ deny: false });
    const expired = {
      policy: () => ({
        profile: 'recommended' as const,
        today: '2027-01-02',
        waivers: [{ rule: 'host-pid', target: 'agent', reason: 'r', owner: 'o', expires: '2027-01-01' }],
      }),
    };
    expect(await verdictOf(request, expired)).toMatchObject({ deny: true });
  });

  it('judges exec, update and plugin requests', async () => {
    expect((await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], Privileged: true }))).rules).toEqual(['exec-privileged']);
    const root = await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['mysql', '-pS3cr3t-Pass'], User: '0:0' }));
    expect(root.rules).toEqual(['exec-root']);
    expect(root.message).toContain('exec-root (high): ran mysql as root through exec --user 0:0');
    expect(root.message).not.toContain('S3cr3t');
    expect(await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], User: 'app' }))).toMatchObject({ deny: false });
    expect((await verdictOf(post('/v1.41/containers/web/update', { PidsLimit: -1, Memory: -1 }))).rules).toEqual([
      'memory-limit',
      'pids-limit',
    ]);
    expect(await verdictOf(post('/v1.41/containers/web/update', { PidsLimit: 200, Memory: 0 }))).toMatchObject({ deny: false });
    const pull = post('/v1.41/plugins/pull?remote=vendor/volume-plugin&name=vol', [
      { Name: 'mount', Value: ['/var/run/docker.sock'] },
      { Name: 'network', Value: ['host'] },
    ]);
    expect(await verdictOf(pull)).toMatchObject({ deny: true, kind: 'plugin', rules: ['docker-socket-mount', 'host-network'] });
    expect(await verdictOf(post('/v1.41/plugins/pull?remote=x', [{ Name: 'mount', Value: ['/var/lib/data'] }]))).toMatchObject({
      deny: false,
    });
    expect(
      await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], Privileged: true }), {
        policy: () => ({ profile: 'recommended', rules: { 'exec-privileged': { off: true } } }),
      }),
    ).toMatchObject({ deny: false });
  });

  it('judges exec and update requests with the policy: live-change severities beneath what the configuration says', async () => {
    const rootExec = post('/v1.41/containers/web/exec', { Cmd: ['sh'], User: 'root' });
    const liftPids = post('/v1.41/containers/web/update', { PidsLimit: -1 });
    const under = (policy: Policy) => ({ policy: () => ({ today: '2026-11-30', ...policy }) });
    // The documented default: a root exec and a lifted limit are high for authz serve, though their rules are cis-only.
    expect(await verdictOf(rootExec)).toMatchObject({ deny: true, rules: ['exec-root'] });
    expect(await verdictOf(liftPids)).toMatchObject({ deny: true, kind: 'update', rules: ['pids-limit'] });
    // The configuration's own severity, off, and waivers apply to them as to any finding.
    expect(await verdictOf(rootExec, under({ profile: 'recommended', rules: { 'exec-root': { severity: 'medium' } } }))).toMatchObject({
      deny: false,
    });
    expect(await verdictOf(liftPids, under({ profile: 'recommended', rules: { 'pids-limit': { off: true } } }))).toMatchObject({
      deny: false,
    });
    const waiver = { rule: 'exec-root', target: 'web', reason: 'debugging INC-42', owner: 'ops', expires: '2026-12-31' };
    expect(await verdictOf(rootExec, under({ profile: 'recommended', waivers: [waiver] }))).toMatchObject({ deny: false });
    expect(
      await verdictOf(
        post('/v1.41/containers/api/exec', { Cmd: ['sh'], User: 'root' }),
        under({ profile: 'recommended', waivers: [waiver] }),
      ),
    ).toMatchObject({ deny: true });
    // A create without limits is not a change to a running container: its findings keep their audit severity.
    expect(await verdictOf(post('/v1.41/containers/create?name=web', { Image: 'x', HostConfig: { CapDrop: ['ALL'] } }))).toMatchObject({
      deny: false,
    });
  });

  it('fails closed on requests it cannot read, and lets requests that change nothing it judges pass', async () => {
    expect(await verdictOf(post('/v1.41/containers/create'))).toMatchObject({ deny: true, kind: 'undecidable' });
    expect(
      await verdictOf({
        RequestMethod: 'POST',
        RequestUri: '/v1.41/containers/create',
        RequestBody: Buffer.from('{oops').toString('base64'),
      }),
    ).toMatchObject({ deny: true, kind: 'undecidable' });
    const malformed = await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Privileged: 'yes' } }));
    expect(malformed).toMatchObject({ deny: true, kind: 'undecidable' });
    expect(malformed.message).toContain('HostConfig.Privileged');
    expect(await verdictOf({ RequestMethod: 'GET', RequestUri: '/v1.41/containers/json' })).toMatchObject({ deny: false, kind: 'other' });
    expect(await verdictOf(post('/v1.41/networks/create', { Name: 'n' }))).toMatchObject({ deny: false, kind: 'other' });
    expect(await verdictOf({})).toMatchObject({ deny: true, kind: 'undecidable' });
  });
});

/** The ways round the plugin that an attacker tried on a real dockerd (issue 14), each as the plugin sees it. */
describe('requests shaped to get past the plugin', () => {
  const raw = (uri: string, text: string, extra: Partial<AuthzRequest> = {}): AuthzRequest => ({
    RequestMethod: 'POST',
    RequestUri: uri,
    RequestBody: Buffer.from(text).toString('base64'),
    ...extra,
  });
  const denied = async (request: AuthzRequest) => (await verdictOf(request)).deny;

  it('takes no waiver from the request: neither its labels nor a configuration waiver on a label it can set', async () => {
    const privileged = post('/v1.41/containers/create', {
      Image: 'x',
      Labels: { 'dockward.waive.privileged': 'x' },
      HostConfig: { Privileged: true },
    });
    expect(await verdictOf(privileged)).toMatchObject({ deny: true, rules: expect.arrayContaining(['privileged']) });
    const labelled = post('/v1.41/containers/create', {
      Image: 'x',
      Labels: { 'dockward.waive.host-pid': 'x', app: 'traefik' },
      HostConfig: { PidMode: 'host' },
    });
    expect(await verdictOf(labelled)).toMatchObject({ deny: true, rules: ['host-pid'] });
    const byLabel = { rule: 'host-pid', target: { label: 'app=traefik' }, reason: 'r', owner: 'o', expires: '2099-01-01' };
    const policy = (user?: string) => () => ({
      profile: 'recommended' as const,
      today: '2026-11-30',
      waivers: [{ ...byLabel, ...(user && { user }) }],
    });
    expect((await verdictOf(labelled, { policy: policy() })).deny, 'label waiver without a user').toBe(true);
    expect(
      (await verdictOf({ ...labelled, User: 'ci-deployer' }, { policy: policy('ci-deployer') })).deny,
      'label waiver for this user',
    ).toBe(false);
    expect(
      (await verdictOf({ ...labelled, User: 'someone-else' }, { policy: policy('ci-deployer') })).deny,
      'label waiver for another user',
    ).toBe(true);
  });

  it('routes encoded paths and any version prefix to the same judgement', async () => {
    const body = JSON.stringify({ Image: 'x', HostConfig: { Privileged: true } });
    for (const uri of [
      '/v1.41/containers/%63reate',
      '/v1.41/containers%2Fcreate',
      '/v1.41.0/containers/create',
      '/%761.41/containers/create',
    ]) {
      expect(await denied(raw(uri, body)), uri).toBe(true);
    }
    expect(await denied(raw('/v1.41/containers/w%65b/%65xec', JSON.stringify({ Cmd: ['sh'], Privileged: true })))).toBe(true);
    expect(await denied(raw('/v1.41/plugins/pul%6C?remote=x', JSON.stringify([{ Name: 'mount', Value: ['/var/run/docker.sock'] }])))).toBe(
      true,
    );
  });

  it('reads keys as Go does: any case, folded letters, duplicates merged', async () => {
    for (const body of [
      '{"Image":"x","hostconfig":{"privileged":true}}',
      '{"Image":"x","Ho\u017ftconfig":{"Privileged":true}}',
      '{"Image":"x","HostConfig":{"Privileged":true},"HostConfig":{"NetworkMode":"none"}}',
      '{"Image":"x","HostConfig":{"binds":["/:/host"]}}',
      '{"Image":"x","HostConfig":{"capadd":["SYS_ADMIN"]}}',
      '{"Image":"x","HostConfig":{"devices":[{"pathonhost":"/dev/mem","pathincontainer":"/dev/mem","cgrouppermissions":"rwm"}]}}',
      '{"Image":"x","HostConfig":{"mounts":[{"type":"bind","source":"/","target":"/host"}]}}',
    ]) {
      expect(await denied(raw('/v1.41/containers/create', body)), body).toBe(true);
    }
    expect((await verdictOf(raw('/v1.41/containers/web/update', '{"pidslimit":-1}'))).rules).toEqual(['pids-limit']);
    expect((await verdictOf(raw('/v1.41/containers/web/update', '{"PidsLimit":-5}'))).rules).toEqual(['pids-limit']);
  });

  it('reads the host network named only in NetworkingConfig as host networking', async () => {
    const body = { Image: 'x', HostConfig: { CapDrop: ['ALL'] }, NetworkingConfig: { EndpointsConfig: { host: {} } } };
    expect((await verdictOf(post('/v1.41/containers/create', body))).rules).toContain('host-network');
    expect(
      (await verdictOf(post('/v1.41/containers/create', { ...body, NetworkingConfig: { EndpointsConfig: { backend: {} } } }))).rules,
    ).not.toContain('host-network');
  });

  it('reads the deprecated top-level HostConfig fields of a create', async () => {
    expect(await verdictOf(raw('/v1.41/containers/create', '{"Image":"x","Privileged":true}'))).toMatchObject({
      deny: true,
      rules: expect.arrayContaining(['privileged']),
    });
    // With a HostConfig, dockerd 20.10 ignores them (later versions always do): not a finding.
    expect(
      await verdictOf(
        raw('/v1.41/containers/create', '{"Image":"x","Privileged":true,"HostConfig":{"NetworkMode":"none","CapDrop":["ALL"]}}'),
      ),
    ).toMatchObject({ deny: false });
  });

  it('judges the HostConfig of a start under API 1.23, and denies one it is not shown', async () => {
    const start = raw('/v1.23/containers/abc/start', JSON.stringify({ Binds: ['/:/host'], PidMode: 'host', CapAdd: ['SYS_ADMIN'] }));
    expect((await verdictOf(start)).rules).toEqual(expect.arrayContaining(['sensitive-host-mount', 'host-pid', 'dangerous-capability']));
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.23/containers/abc/start' })).toBe(true);
    expect(
      await denied({ RequestMethod: 'POST', RequestUri: '/v1.23/containers/abc/start', RequestHeaders: { 'Content-Length': '0' } }),
    ).toBe(false);
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/abc/start' })).toBe(false);
  });

  it('judges volumes that bind a host path, at volume create and inline in a mount', async () => {
    expect(
      await verdictOf(
        post('/v1.41/volumes/create', { Name: 'root', Driver: 'local', DriverOpts: { type: 'none', o: 'bind', device: '/' } }),
      ),
    ).toMatchObject({ deny: true, kind: 'volume-create', rules: expect.arrayContaining(['sensitive-host-mount']) });
    expect(
      await verdictOf(post('/v1.41/volumes/create', { Name: 'disk', DriverOpts: { type: 'ext4', device: '/dev/sda1' } })),
    ).toMatchObject({ deny: true });
    expect(
      await verdictOf(post('/v1.41/volumes/create', { Name: 'data', DriverOpts: { type: 'none', o: 'bind', device: '/srv/data' } })),
    ).toMatchObject({ deny: false });
    expect(await verdictOf(post('/v1.41/volumes/create', { Name: 'plain' }))).toMatchObject({ deny: false });
    const inline = {
      Type: 'volume',
      Source: 'hostroot',
      Target: '/host',
      VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/' } } },
    };
    expect((await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Mounts: [inline] } }))).rules).toContain(
      'sensitive-host-mount',
    );
  });

  it('judges Swarm services like containers', async () => {
    const service = {
      Name: 's',
      TaskTemplate: {
        ContainerSpec: { Image: 'x', CapabilityAdd: ['CAP_SYS_ADMIN'], Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }] },
      },
    };
    expect((await verdictOf(post('/v1.41/services/create', service))).rules).toEqual(
      expect.arrayContaining(['dangerous-capability', 'sensitive-host-mount']),
    );
    expect((await verdictOf(post('/v1.41/services/abc/update?version=2', service))).deny).toBe(true);
    expect(await denied(post('/v1.41/services/create', { Name: 's', TaskTemplate: { PluginSpec: { Remote: 'x' } } }))).toBe(true);
  });

  it('denies what it is not shown: a request without the body it needs, a plugin archive, an unknown write', async () => {
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/web/exec' })).toBe(true);
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/web/update' })).toBe(true);
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/plugins/pull?remote=x' })).toBe(true);
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/plugins/create?name=p' })).toBe(true);
    expect(await denied({ RequestMethod: 'POST', RequestUri: '/v1.41/some/new/endpoint' })).toBe(true);
  });

  it('knows root by every spelling the runtime accepts', async () => {
    for (const user of ['0', '00', '0000:0', '+0', 'root', 'root:root', '-0']) {
      expect((await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], User: user }))).rules, user).toEqual(['exec-root']);
    }
    for (const user of ['1000', '10', 'app', '1000:0', 'rooty']) {
      expect((await verdictOf(post('/v1.41/containers/web/exec', { Cmd: ['sh'], User: user }))).deny, user).toBe(false);
    }
  });

  it('names only the program of an exec given as one string', async () => {
    const verdict = await verdictOf(post('/v1.41/containers/db/exec', { Cmd: ['mysql -uroot -pS3cr3t-Value'], User: 'root' }));
    expect(verdict.message).toContain('ran mysql as root through exec --user root');
    expect(verdict.message).not.toContain('S3cr3t');
  });

  it('judges plugins by the network, capabilities, devices and mounts they are granted', async () => {
    const privileges = [
      { Name: 'network', Value: ['host'] },
      { Name: 'capabilities', Value: ['CAP_SYS_ADMIN'] },
      { Name: 'mount', Value: ['/var/run/docker.sock'] },
    ];
    expect((await verdictOf(post('/v1.41/plugins/pull?remote=evil', privileges))).rules).toEqual(
      expect.arrayContaining(['host-network', 'dangerous-capability', 'docker-socket-mount']),
    );
    expect((await verdictOf(post('/v1.41/plugins/p/upgrade?remote=evil', [{ Name: 'device', Value: ['/dev/mem'] }]))).rules).toEqual([
      'host-device',
    ]);
    expect((await verdictOf(post('/v1.41/plugins/p/set', ['root.source=/', 'DEBUG=1']))).rules).toEqual(
      expect.arrayContaining(['sensitive-host-mount']),
    );
    expect((await verdictOf(post('/v1.41/plugins/p/set', ['DEBUG=1']))).deny).toBe(false);
  });
});

describe('volumes and containers the engine already has', () => {
  it('judges a volume created with bind options as the bind mount it is', async () => {
    const verdict = await verdictOf(
      post('/v1.41/containers/create', { Image: 'x', HostConfig: { Binds: ['hostetc:/config'], CapDrop: ['ALL'] } }),
      withHost,
    );
    expect(verdict).toMatchObject({ deny: true, rules: ['sensitive-host-mount'] });
    const mount = { Type: 'volume', Source: 'hostetc', Target: '/config' };
    expect((await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Mounts: [mount] } }), withHost)).rules).toContain(
      'sensitive-host-mount',
    );
  });

  it('leaves plain and new volumes alone, and denies when the engine cannot say', async () => {
    expect(
      await verdictOf(
        post('/v1.41/containers/create', {
          Image: 'x',
          HostConfig: { Binds: ['data:/data', 'new:/new', '/srv/app:/app'], CapDrop: ['ALL'] },
        }),
        withHost,
      ),
    ).toMatchObject({ deny: false });
    const unreachable = { host: { ...host, volume: async () => Promise.reject(new Error('ENOENT')) } };
    expect(
      await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Binds: ['data:/data'] } }), unreachable),
    ).toMatchObject({ deny: true, kind: 'undecidable' });
  });

  it('gives a container the mounts of the containers it takes volumes from, and the host namespaces of one it joins', async () => {
    const from = await verdictOf(
      post('/v1.41/containers/create', { Image: 'x', HostConfig: { VolumesFrom: ['proxy:ro'], NetworkMode: 'none', CapDrop: ['ALL'] } }),
      withHost,
    );
    expect(from).toMatchObject({ deny: true, rules: ['docker-socket-mount'] });
    for (const key of ['NetworkMode', 'PidMode']) {
      const joined = await verdictOf(
        post('/v1.41/containers/create', { Image: 'x', HostConfig: { NetworkMode: 'none', [key]: 'container:proxy', CapDrop: ['ALL'] } }),
        withHost,
      );
      expect(joined.rules, key).toEqual([key === 'PidMode' ? 'host-pid' : 'host-network']);
    }
    expect(
      await verdictOf(
        post('/v1.41/containers/create', {
          Image: 'x',
          HostConfig: { VolumesFrom: ['plain'], NetworkMode: 'container:plain', CapDrop: ['ALL'] },
        }),
        withHost,
      ),
    ).toMatchObject({ deny: false });
  });

  it('resolves links in bind sources and networks named by id, and judges a start by the container as the host has it now', async () => {
    expect(
      (
        await verdictOf(
          post('/v1.41/containers/create', {
            Image: 'x',
            HostConfig: { Binds: ['/srv/share/root:/host'], NetworkMode: 'none', CapDrop: ['ALL'] },
          }),
          withHost,
        )
      ).rules,
    ).toContain('sensitive-host-mount');
    expect(
      (await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { NetworkMode: '9f3c2a', CapDrop: ['ALL'] } }), withHost))
        .rules,
    ).toEqual(['host-network']);
    expect(
      await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { NetworkMode: 'backend', CapDrop: ['ALL'] } }), withHost),
    ).toMatchObject({ deny: false });
    const service = {
      Name: 's',
      TaskTemplate: { ContainerSpec: { Image: 'x', CapabilityDrop: ['ALL'] }, Networks: [{ Target: '9f3c2a' }] },
    };
    expect((await verdictOf(post('/v1.41/services/create', service), withHost)).rules).toContain('host-network');
    containers['linked'] = {
      Id: 'l1',
      Name: '/linked',
      HostConfig: { NetworkMode: 'none' },
      Mounts: [{ Type: 'bind', Source: '/srv/share/root', Destination: '/host', RW: true }],
    };
    expect(await verdictOf({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/linked/start' }, withHost)).toMatchObject({
      deny: true,
      kind: 'start',
      rules: expect.arrayContaining(['sensitive-host-mount']),
    });
    expect(await verdictOf({ RequestMethod: 'POST', RequestUri: '/v1.41/containers/plain/start' }, withHost)).toMatchObject({
      deny: false,
    });
  });
});

describe('more ways round the plugin, found by an independent attack on a real dockerd', () => {
  it("knows a user name that is uid 0 in the container's /etc/passwd as root", async () => {
    const exec = (container: string, User: string) =>
      verdictOf(post(`/v1.41/containers/${container}/exec`, { Cmd: ['sh'], User }), withHost);
    expect((await exec('ex1', 'svc')).rules).toEqual(['exec-root']);
    expect((await exec('ex1', 'svc:app')).rules).toEqual(['exec-root']);
    expect(await exec('ex1', 'app')).toMatchObject({ deny: false });
    expect(await exec('other', 'svc')).toMatchObject({ deny: false });
    // An empty user part is the runtime's default user, uid 0 (a second independent attack).
    expect((await exec('other', ':0')).rules).toEqual(['exec-root']);
    expect((await exec('other', ':')).rules).toEqual(['exec-root']);
  });

  it("judges an exec again when it starts, with the container's /etc/passwd as it is then", async () => {
    const start = { RequestMethod: 'POST', RequestUri: '/v1.41/exec/e1/start' };
    expect(await verdictOf(start, withHost)).toMatchObject({ deny: false });
    const before = passwdOfEx1;
    passwdOfEx1 = 'app:x:0:0::/:/bin/sh\n';
    try {
      expect(await verdictOf(start, withHost)).toMatchObject({ deny: true, kind: 'exec', rules: ['exec-root'] });
    } finally {
      passwdOfEx1 = before;
    }
  });

  it('denies joining a swarm, whose managers run tasks the plugin never sees', async () => {
    expect(await verdictOf(post('/v1.41/swarm/join', { RemoteAddrs: ['127.0.0.1:2377'], JoinToken: 't' }))).toMatchObject({
      deny: true,
      kind: 'undecidable',
    });
    expect(await verdictOf(post('/v1.41/swarm/init', { ListenAddr: '127.0.0.1:2377' }))).toMatchObject({ deny: false });
  });

  it('judges local volumes with relative devices, kernel filesystems and overlays', async () => {
    for (const DriverOpts of [
      { type: 'none', o: 'bind', device: '../../etc' },
      { type: 'proc', device: 'proc' },
      { type: 'overlay', device: 'overlay', o: 'lowerdir=/srv/l,upperdir=/root,workdir=/srv/w' },
      { type: 'ext4', device: '../../dev/vda' },
    ]) {
      expect((await verdictOf(post('/v1.41/volumes/create', { Name: 'v', DriverOpts }))).deny, JSON.stringify(DriverOpts)).toBe(true);
    }
    const inline = { Type: 'volume', Target: '/v', VolumeOptions: { DriverConfig: { Options: { type: 'proc', device: 'proc' } } } };
    expect(
      (await verdictOf(post('/v1.41/containers/create', { Image: 'x', HostConfig: { Mounts: [inline], CapDrop: ['ALL'] } }))).rules,
    ).toContain('sensitive-host-mount');
    const service = {
      Name: 's',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'x',
          Mounts: [{ ...inline, VolumeOptions: { DriverConfig: { Options: { type: 'none', o: 'bind', device: '/etc' } } } }],
        },
      },
    };
    expect((await verdictOf(post('/v1.41/services/create', service))).rules).toContain('sensitive-host-mount');
  });

  it('judges the network of a classic build', async () => {
    expect(await verdictOf({ RequestMethod: 'POST', RequestUri: '/v1.41/build?networkmode=host&rm=0' })).toMatchObject({
      deny: true,
      kind: 'build',
      rules: ['host-network'],
    });
    expect(await verdictOf({ RequestMethod: 'POST', RequestUri: '/v1.41/build?t=app' })).toMatchObject({ deny: false });
  });

  it('counts a limit raised past what the host has as lifted', async () => {
    const capacity = { memoryBytes: 16 * 2 ** 30, cpus: 4 };
    const update = (body: unknown) => judge(interpretRequest(post('/v1.41/containers/web/update', body), capacity), settings());
    expect((await update({ Memory: 8796093022208, MemorySwap: -1 })).rules).toEqual(['memory-limit']);
    expect((await update({ PidsLimit: 2 ** 63 })) /* int64's largest, as a double reads it */.rules).toEqual(['pids-limit']);
    expect((await update({ CpuQuota: 400_000 })).rules).toEqual(['cpu-limit']);
    expect((await update({ NanoCpus: 4e9 })).rules).toEqual(['cpu-limit']);
    expect(await update({ Memory: 2 ** 30, PidsLimit: 4096, CpuQuota: 50_000 })).toMatchObject({ deny: false });
  });
});
