import { describe, expect, it } from 'vitest';
import { effectiveCapabilities } from '../../model/capabilities.js';
import { quadletAdapter } from './quadlet-adapter.js';

/** Reads units from memory, as lint reads them from a folder. */
async function read(files: Record<string, string>, named: readonly string[] = Object.keys(files)) {
  return quadletAdapter.read(named, (file) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`no ${file}`), { code: 'ENOENT' });
    return text;
  });
}

const unit = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('Quadlet units (issue 20)', () => {
  it('makes a .container unit a Podman container named systemd-<unit>, every setting at its key', async () => {
    const reading = await read({
      '/u/web.container': unit(
        '[Unit]',
        'Description=web',
        '[Container]',
        'Image=docker.io/library/nginx:1.27',
        'AddCapability=net_admin CAP_SYS_TIME',
        'DropCapability=MKNOD',
        'PublishPort=8080:80',
        'Volume=/srv/web:/usr/share/nginx/html:ro,Z',
        'Environment="GREETING=hello world" MODE=prod',
        'NoNewPrivileges=true',
        'ReadOnly=false',
        'User=101',
        'Group=101',
        'Sysctl=net.ipv4.ip_unprivileged_port_start=80',
        'Exec=nginx -g "daemon off;"',
      ),
    });
    expect(reading.problems).toEqual([]);
    const [target] = reading.targets;
    expect(target?.name).toBe('systemd-web');
    expect(target?.source.kind).toMatchObject({ id: 'quadlet', syntax: 'quadlet', imageDefaultsKnown: false });
    expect(target?.source.kind.runtime.name).toBe('podman');
    expect(target?.spec).toMatchObject({
      image: 'docker.io/library/nginx:1.27',
      capAdd: ['net_admin', 'CAP_SYS_TIME'],
      capDrop: ['MKNOD'],
      securityOpt: ['no-new-privileges'],
      readonlyRootfs: false,
      user: '101:101',
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80' },
      command: ['nginx', '-g', 'daemon off;'],
    });
    expect(target?.spec.env).toEqual([
      { name: 'GREETING', value: 'hello world' },
      { name: 'MODE', value: 'prod' },
    ]);
    expect(target?.sourceMap.locate(['capAdd', 1])).toEqual({ file: '/u/web.container', line: 5, column: 1 });
    expect(target?.sourceMap.locate(['portBindings', 0])).toEqual({ file: '/u/web.container', line: 7, column: 1 });
    // A setting the unit leaves out is reported at its [Container] header.
    expect(target?.sourceMap.locate(['memory'])).toEqual({ file: '/u/web.container', line: 3, column: 1 });
    expect(effectiveCapabilities(target?.spec ?? {}, target?.source.kind.runtime.capabilities ?? [])).not.toContain('NET_RAW');
  });

  it('reads the other keys that change what the rules judge as the flags Quadlet writes for them', async () => {
    const { targets, problems } = await read({
      '/u/keys.container': unit(
        '[Container]',
        'Image=app:1',
        'UserNS=host',
        'Mask=/proc/acpi /sys/firmware',
        'Unmask=/proc/kcore',
        'Mount=type=bind,source=/etc,destination=/host-etc,ro=true',
        'Tmpfs=/scratch:rw,exec',
        'EnvironmentFile=./app.env',
        'Secret=db,type=env,target=DB_PASSWORD',
        'Secret=tls,type=mount',
        'AddDevice=-/dev/kvm',
        'AddDevice=/dev/fuse:/dev/fuse:rw',
        'SecurityLabelType=spc_t',
        'SeccompProfile=unconfined',
        'PidsLimit=-1',
        'Memory=1g',
        'HealthCmd=curl -f http://localhost/',
        'LogDriver=none',
        'Label=team=web "com.example.note=two words"',
      ),
    });
    expect(problems).toEqual([]);
    expect(targets[0]?.spec).toMatchObject({
      usernsMode: 'host',
      securityOpt: ['mask=/proc/acpi', 'mask=/sys/firmware', 'unmask=/proc/kcore', 'label=type:spc_t', 'seccomp=unconfined'],
      mounts: [{ type: 'bind', source: '/etc', destination: '/host-etc', readOnly: true }],
      tmpfs: [{ destination: '/scratch', options: ['rw', 'exec'] }],
      devices: [
        { pathOnHost: '/dev/kvm', pathInContainer: '/dev/kvm', permissions: 'rwm' },
        { pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rw' },
      ],
      pidsLimit: -1,
      memory: 1024 ** 3,
      healthcheck: ['CMD-SHELL', 'curl -f http://localhost/'],
      logDriver: 'none',
      labels: { team: 'web', 'com.example.note': 'two words' },
    });
    // A secret given as a secret is no value in the environment; an env file is read by podman, not here.
    expect(targets[0]?.spec.env).toBeUndefined();
  });

  it('reads PodmanArgs with the podman run flags, each word where it stands', async () => {
    const { targets } = await read({
      '/u/ci.container': unit(
        '[Container]',
        'Image=runner:1',
        'PodmanArgs=--privileged --pid=host \\',
        '  --security-opt=seccomp=unconfined',
      ),
    });
    const [target] = targets;
    expect(target?.spec).toMatchObject({ privileged: true, pidMode: 'host', securityOpt: ['seccomp=unconfined'] });
    expect(target?.sourceMap.locate(['pidMode'])).toEqual({ file: '/u/ci.container', line: 3, column: 25 });
    expect(target?.sourceMap.locate(['securityOpt', 0])).toEqual({ file: '/u/ci.container', line: 4, column: 3 });
  });

  it('takes what a named .volume, .network, .pod and .image unit gives the container', async () => {
    const { targets, files } = await read(
      {
        '/u/app.container': unit(
          '[Container]',
          'Image=app.image',
          'Volume=etc.volume:/host-etc',
          'Volume=data.volume:/data',
          'Pod=edge.pod',
        ),
        '/u/app.image': unit('[Image]', 'Image=registry.example/app:2'),
        '/u/etc.volume': unit('[Volume]', 'Device=/etc', 'Type=bind'),
        '/u/data.volume': unit('[Volume]', 'VolumeName=app-data'),
        '/u/edge.pod': unit('[Pod]', 'Network=host', 'PublishPort=443:443'),
        '/u/web.container': unit('[Container]', 'Image=web:1', 'Network=front.network', 'Network=db.container'),
        '/u/front.network': unit('[Network]', 'NetworkName=frontend'),
      },
      ['/u/app.container', '/u/web.container'],
    );
    const [app, web] = targets;
    expect(app?.spec.image).toBe('registry.example/app:2');
    expect(app?.spec.mounts).toEqual([
      { type: 'volume', source: 'app-data', destination: '/data', readOnly: false },
      { type: 'bind', source: '/etc', destination: '/host-etc', readOnly: false },
    ]);
    expect(app?.spec.networkMode).toBe('host');
    expect(app?.spec.portBindings).toEqual([{ containerPort: '443/tcp', hostIp: '', hostPort: '443' }]);
    expect(web?.spec.networkMode).toBe('container:systemd-db');
    expect(files).toEqual(expect.arrayContaining(['/u/app.container', '/u/app.image', '/u/etc.volume', '/u/edge.pod', '/u/front.network']));
  });

  it('leaves a value systemd fills in (a specifier, $NAME) unknown, as a shell expansion is, and reads $$ as $', async () => {
    const { targets } = await read({
      '/u/home.container': unit('[Container]', 'Image=x', 'User=%U', 'Volume=%h/data:/data', 'Label=a=$HOME b=$${x} c=$$1'),
    });
    expect(targets[0]?.spec.user).toBeUndefined();
    expect(targets[0]?.spec.mounts).toBeUndefined();
    expect(targets[0]?.spec.labels).toEqual({ b: '${x}', c: '$1' });
  });

  it("reads an EnvironmentFile=, relative to the unit, each variable at its own line there, before the unit's Environment=", async () => {
    const { targets, files } = await read(
      {
        '/u/app.container': unit(
          '[Container]',
          'Image=x',
          'EnvironmentFile=app.env',
          'EnvironmentFile=%h/more.env',
          'Environment=MODE=prod',
        ),
        '/u/app.env': '# settings\nDB_PASSWORD=Wn3-Hc8t-Qa5y-Ed2k\nMODE=dev\n',
      },
      ['/u/app.container'],
    );
    expect(targets[0]?.spec.env).toEqual([
      { name: 'DB_PASSWORD', value: 'Wn3-Hc8t-Qa5y-Ed2k' },
      { name: 'MODE', value: 'prod' },
    ]);
    expect(targets[0]?.sourceMap.locate(['env', 0])).toEqual({ file: '/u/app.env', line: 2, column: 1 });
    expect(files).toContain('/u/app.env');
  });

  it('reports a key Quadlet refuses, an open quote and a unit without an image at their lines, and audits the rest', async () => {
    const reading = await read({
      '/u/bad.container': unit('[Container]', 'Image=web:1', 'Privileged=true', 'Environment="A=b', 'Network=host'),
      '/u/empty.container': unit('[Container]', 'Memory=1g'),
      '/u/none.container': unit('[Service]', 'Restart=always'),
    });
    expect(reading.problems.map((problem) => problem.message)).toEqual([
      '/u/bad.container:3:1: Privileged: not a key of [Container] that Quadlet knows',
      '/u/bad.container:4:1: Environment: a quote is not closed',
      '/u/empty.container:1:1: neither Image= nor Rootfs= is set, which Quadlet refuses',
      '/u/none.container:1:1: a .container unit needs a [Container] section',
    ]);
    expect(reading.targets.map((target) => [target.name, target.spec.networkMode])).toEqual([
      ['systemd-bad', 'host'],
      ['systemd-empty', undefined],
    ]);
  });

  it("hands a .kube unit's YAML to the Kubernetes source", async () => {
    const { targets, problems } = await read(
      {
        '/u/stack.kube': unit('[Kube]', 'Yaml=stack.yaml', 'Yaml=/missing.yaml'),
        '/u/stack.yaml': [
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: stack}',
          'spec:',
          '  containers:',
          '    - {name: app, image: app:1, securityContext: {privileged: true}}',
        ].join('\n'),
      },
      ['/u/stack.kube'],
    );
    expect(targets.map((target) => [target.name, target.spec.privileged, target.source.file])).toEqual([
      ['Pod/stack/app', true, '/u/stack.yaml'],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^\/u\/stack\.kube:3:1: Yaml: .*\/missing\.yaml/)]);
  });
});
