import { describe, expect, it } from 'vitest';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { ruleContext } from '../../../test/support/rule-context.js';
import { testRule } from '../../../test/support/rule-tester.js';
import { sensitiveHostMount } from './sensitive-host-mount.js';

const mount = (Source: string, RW = true, Type = 'bind', Destination = '/mnt') => ({ Mounts: [{ Type, Source, Destination, RW }] });

testRule(sensitiveHostMount, {
  valid: [
    { run: 'docker run -v "$PWD":/etc alpine', why: 'unknown host path' },
    { compose: 'services: {a: {image: x, volumes: ["etc:/etc", "./etc:/app/etc"]}}', why: 'a named volume and a project-relative path' },

    { inspect: mount('etcvol', true, 'volume', '/etc'), why: "a named volume at the container's /etc is not a host mount" },
    { inspect: mount('/srv/app/etc', true, 'bind', '/etc'), why: 'judge the host source, not the destination' },
    { inspect: mount('/var/lib/docker/volumes/x/_data', true, 'volume'), why: 'volumes live under /var/lib/docker by design' },
    { inspect: mount('/etcetera') },
    { inspect: mount('/library') },
    { inspect: mount('/home/app') },
    { inspect: mount('/run/systemd/journal'), why: 'the journal socket log agents mount starts nothing' },
    // Issue 16: one mount, one finding; a mount that holds an engine socket is docker-socket-mount's.
    { compose: 'services: {a: {image: x, volumes: ["/var/run:/var/run", "/run/containerd:/c"]}}', why: "docker-socket-mount's" },
    // Issue 16: root's home and the host's logs count by their system parts.
    {
      compose: 'services: {a: {image: x, volumes: ["/root/data/redis:/data", "/var/log/nginx:/var/log/nginx", "/dev/disk/:/dev/disk:ro"]}}',
    },
    // Issue 16: a bind exposes its subtree, so an application's own directory under /etc or /usr is not a system path.
    { compose: 'services: {a: {image: x, volumes: ["/etc/pihole:/etc/pihole", "/etc/localtime:/etc/localtime:ro"]}}' },
    { inspect: mount('/etc/ssl/certs/', false), why: 'public CA certificates' },
    { inspect: mount('/etc/myapp/config') },
    { inspect: mount('/usr/share/appdata/myapp') },
    { inspect: mount('/usr/share/zoneinfo', false) },
  ],
  invalid: [
    {
      kubernetes: podManifest(
        { volumeMounts: [{ name: 'etc', mountPath: '/host/etc', readOnly: true }] },
        { automountServiceAccountToken: false, volumes: [{ name: 'etc', hostPath: { path: '/etc' } }] },
      ),
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'] }],
    },

    {
      run: 'docker run --mount type=bind,src=/etc,dst=/e,readonly alpine',
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'] }],
    },
    {
      compose: 'services: {a: {image: x, volumes: [{type: bind, source: /boot, target: /b}]}}',
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'] }],
    },

    {
      compose: 'services: {a: {image: x, volumes: ["/root:/r:ro", "/root/.ssh:/keys", "/var/log:/logs:ro", "/etc/passwd:/x/passwd"]}}',
      why: 'mounts in order of their container path',
      errors: [
        { messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/root/.ssh' } },
        { messageId: 'readOnly', path: ['mounts', 1, 'source'], data: { source: '/var/log' } },
        { messageId: 'readOnly', path: ['mounts', 2, 'source'], data: { source: '/root' } },
        { messageId: 'writable', path: ['mounts', 3, 'source'], data: { source: '/etc/passwd' } },
      ],
    },
    {
      compose: 'services: {a: {image: x, volumes: ["/:/rootfs:ro", "/var:/host-var"]}}',
      why: 'issue 16: a whole tree that holds an engine socket is reported here, once, as critical',
      errors: [
        {
          messageId: 'withEngineSocket',
          path: ['mounts', 0, 'source'],
          data: { source: '/var', access: ' read-write' },
          severity: 'critical',
        },
        { messageId: 'withEngineSocket', path: ['mounts', 1, 'source'], data: { source: '/', access: ' read-only' }, severity: 'critical' },
      ],
    },
    {
      inspect: mount('/srv/../etc/ssh', false),
      why: 'a read-only bind of a sensitive path is still reported, normalized',
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { sensitive: '/etc/ssh' } }],
    },
    { inspect: mount('/etc'), errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { source: '/etc' } }] },
    {
      inspect: mount('/etc/ssl/private', false),
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { sensitive: '/etc/ssl/private' } }],
    },
    {
      inspect: mount('/etc/docker/certs.d', false),
      why: "inside the daemon's configuration, with its TLS keys",
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { sensitive: '/etc/docker' } }],
    },
    {
      compose: 'services: {a: {image: x, volumes: ["/var/log:/host-log:ro", "/usr:/host-usr"]}}',
      why: 'a directory above sensitive ones exposes them',
      errors: [
        { messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { source: '/var/log' } },
        { messageId: 'writable', path: ['mounts', 1, 'source'], data: { source: '/usr' } },
      ],
    },
    { inspect: mount('/lib64/modules'), errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/lib64' } }] },
    { inspect: mount('/var/lib/docker'), errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'] }] },
    // Regression (issue 14): the engines' runtime state and sockets.
    {
      inspect: mount('/var/run/docker/plugins'),
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/var/run/docker' } }],
    },
    {
      inspect: mount('/var/lib/containerd/io.containerd.content.v1.content', false),
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { sensitive: '/var/lib/containerd' } }],
    },
    {
      inspect: mount('/run/containerd/io.containerd.runtime.v2.task'),
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/run/containerd' } }],
    },
    // Regression (a second independent attack): host services whose sockets or files act as root.
    {
      inspect: mount('/run/dbus/system_bus_socket'),
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/run/dbus' } }],
    },
    {
      inspect: mount('/run/systemd/private'),
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/run/systemd/private' } }],
    },
    {
      inspect: mount('/var/spool/cron/crontabs'),
      errors: [{ messageId: 'writable', path: ['mounts', 0, 'source'], data: { sensitive: '/var/spool/cron' } }],
    },
    {
      inspect: mount('/var/lib/kubelet', false),
      errors: [{ messageId: 'readOnly', path: ['mounts', 0, 'source'], data: { sensitive: '/var/lib/kubelet' } }],
    },
    { inspect: mount('/proc/sys/../sys'), errors: [{ messageId: 'procfs', path: ['mounts', 0, 'source'], data: { sensitive: '/proc' } }] },
    // Regression (issue 14, found by an independent attack): a read-only /proc still reaches other filesystems read-write.
    { inspect: mount('/proc', false), errors: [{ messageId: 'procfs', path: ['mounts', 0, 'source'], data: { sensitive: '/proc' } }] },
    {
      inspect: {
        Mounts: [
          { Type: 'bind', Source: '/root', Destination: '/srv', RW: true },
          { Type: 'bind', Source: '/srv', Destination: '/r', RW: true },
        ],
      },
      why: 'mounts are ordered by destination, whatever order the daemon lists them in',
      errors: [{ messageId: 'writable', path: ['mounts', 1, 'source'], data: { source: '/root' } }],
    },
  ],
});

describe('severity', () => {
  it('is higher for a writable mount than for a read-only one', () => {
    const check = (RW: boolean) =>
      sensitiveHostMount.check({ mounts: [{ type: 'bind', source: '/etc', destination: '/x', readOnly: !RW }] }, ruleContext())[0]
        ?.severity;
    expect(check(true)).toBe('high');
    expect(check(false)).toBe('medium');
  });

  it('is high for /proc read-only too, whose links reach other filesystems read-write', () => {
    expect(
      sensitiveHostMount.check({ mounts: [{ type: 'bind', source: '/proc', destination: '/hp', readOnly: true }] }, ruleContext())[0]
        ?.severity,
    ).toBe('high');
  });
});
