import { testRule } from '../../../test/support/rule-tester.js';
import { quadletUnit } from '../../../test/support/quadlet-case.js';
import { podManifest } from '../../../test/support/kubernetes-case.js';
import { dockerSocketMount } from './docker-socket-mount.js';

const bind = (Source: string, RW = true, Type = 'bind') => ({ Mounts: [{ Type, Source, Destination: '/mnt', RW }] });

testRule(dockerSocketMount, {
  valid: [
    { quadlet: quadletUnit('Volume=/srv/app:/app:ro,Z') },
    { inspect: bind('/'), why: "issue 16: a whole tree is sensitive-host-mount's, as critical, so the mount is one finding" },
    { inspect: bind('/var') },
    { inspect: bind('/srv/app') },
    { inspect: bind('/var/lib/app/docker.socket.txt') },
    { inspect: bind('docker-sock', true, 'volume'), why: 'a named volume is not the host socket' },
    { inspect: bind('/run/user/1000/app') },
    { inspect: bind('/srv/engine'), host: { engineSockets: ['/srv/engines/a.sock'] }, why: 'a sibling of the known socket' },
  ],
  invalid: [
    {
      quadlet: quadletUnit('Volume=/run/podman/podman.sock:/var/run/docker.sock'),
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'], line: 3, column: 1 }],
    },
    {
      kubernetes: podManifest(
        { volumeMounts: [{ name: 'sock', mountPath: '/var/run/docker.sock' }] },
        { volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }] },
      ),
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },

    // Issue 16: engine sockets wherever they live, and sources that name one whatever their variables hold.
    {
      compose: 'services: {a: {image: x, volumes: ["${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock"]}}',
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'], data: { source: '${XDG_RUNTIME_DIR}/docker.sock' } }],
    },
    {
      run: 'docker run -v $XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock alpine',
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'], data: { source: '$XDG_RUNTIME_DIR/docker.sock' } }],
    },
    {
      run: 'docker run -v /Users/me/Library/Containers/com.docker.docker/Data/docker.sock.raw:/var/run/docker.sock alpine',
      why: "Docker Desktop's raw socket",
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },
    {
      run: 'docker run -v /run/user/1000/podman/podman.sock:/run/podman.sock alpine',
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },
    // Regression (a third independent attack): the audited engine's own socket, wherever it listens, and the folder above it.
    {
      inspect: bind('/srv/engines', false),
      host: { engineSockets: ['/srv/engines/a.sock'] },
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },
    { inspect: bind('/var/run/docker.sock'), errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'], data: { access: '' } }] },
    {
      inspect: bind('/var/run/docker.sock', false),
      why: 'read-only is no protection',
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },
    { inspect: bind('/run'), why: 'a directory that holds the socket', errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }] },
    { inspect: bind('/var/run/'), errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }] },
    { inspect: bind('/run/containerd/containerd.sock'), errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }] },
    { inspect: bind('/run/crio/crio.sock'), errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }] },
    { inspect: bind('/run/podman/podman.sock'), errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }] },
    {
      inspect: bind('/run/user/1000/docker.sock'),
      why: 'rootless Docker',
      errors: [{ messageId: 'socket', path: ['mounts', 0, 'source'] }],
    },
  ],
});
