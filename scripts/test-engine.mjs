// Starts a private Docker Engine for the test suite and the benchmark: its own
// socket, data-root and exec-root under a fresh temporary folder, no bridge and
// no iptables changes, and its own containerd namespace, so it never touches
// the host's engine (/var/run/docker.sock) or its containers.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const TEST_IMAGE = 'dockward-test:busybox';

/** A port on loopback that nothing listens on now, for a test's own server to take. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function ping(socketPath) {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Runs the docker CLI against the given engine only. */
export async function docker(host, args) {
  const env = { ...process.env, DOCKER_HOST: host };
  delete env.DOCKER_CONTEXT;
  const { stdout } = await run('docker', args, { env, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** Runs the docker CLI where the engine must refuse the command; its stderr says why. */
export async function dockerRefused(host, args) {
  const outcome = await docker(host, args).then(
    () => undefined,
    (error) => String(error.stderr),
  );
  if (outcome === undefined) throw new Error(`docker ${args.join(' ')} was expected to fail and succeeded`);
  return outcome;
}

/**
 * Starts a private dockerd. `args` are added to its command line (for example
 * --authorization-plugin); `restart()` stops it and starts it again on the
 * same socket and data, as a daemon restart would.
 */
export async function startTestEngine({ args = [] } = {}) {
  // Short prefix: a unix socket path must stay under 108 bytes.
  const dir = await mkdtemp(join(tmpdir(), 'dw-'));
  const socketPath = join(dir, 'docker.sock');
  const host = `unix://${socketPath}`;
  const log = join(dir, 'dockerd.log');
  let daemon;
  let exited = false;

  async function launch() {
    exited = false;
    daemon = spawn(
      'dockerd',
      [
        '--host',
        host,
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'dockerd.pid'),
        '--bridge=none',
        '--iptables=false',
        '--ip6tables=false',
        '--ip-masq=false',
        '--ip-forward=false',
        '--containerd-namespace',
        'dockward-test',
        '--containerd-plugins-namespace',
        'dockward-test-plugins',
        '--log-level',
        'warn',
        ...args,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: false },
    );
    const chunks = [];
    daemon.stderr.on('data', (chunk) => chunks.push(chunk));
    daemon.on('exit', () => (exited = true));

    const deadline = Date.now() + 60_000;
    while (!(await ping(socketPath))) {
      if (exited || Date.now() > deadline) {
        await writeFile(log, Buffer.concat(chunks));
        throw new Error(`the test Docker Engine did not start (log: ${log}):\n${Buffer.concat(chunks).toString().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function halt() {
    if (exited) return;
    daemon.kill('SIGTERM');
    const timer = setTimeout(() => daemon.kill('SIGKILL'), 20_000);
    await once(daemon, 'exit').catch(() => {});
    clearTimeout(timer);
  }

  async function stop() {
    await halt();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  }

  async function restart() {
    await halt();
    await launch();
  }

  await launch();
  return { dir, host, socketPath, stop, restart };
}

/** A one-binary image: Debian's busybox-static packed with `docker import` (no registry here). */
export async function buildTestImage(host) {
  const existing = await docker(host, ['images', '-q', TEST_IMAGE]);
  if (existing) return TEST_IMAGE;
  const dir = await mkdtemp(join(tmpdir(), 'dw-image-'));
  try {
    await writeFile(join(dir, 'busybox'), await readFile('/bin/busybox'), { mode: 0o755 });
    await run('tar', ['-C', dir, '-cf', join(dir, 'image.tar'), 'busybox']);
    await docker(host, ['import', '--change', 'CMD ["/busybox", "sleep", "3600"]', join(dir, 'image.tar'), TEST_IMAGE]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return TEST_IMAGE;
}

/**
 * Starts a private Podman API service for the tests: Debian's podman as
 * root, `vfs` storage with its own --root and --runroot, its own network
 * configuration and temporary folder, serving on a socket under a fresh
 * temporary folder. `podman(args)` runs the podman CLI on the same storage.
 */
export async function startTestPodman() {
  const dir = await mkdtemp(join(tmpdir(), 'dwp-'));
  const socketPath = join(dir, 'podman.sock');
  const host = `unix://${socketPath}`;
  const storage = [
    '--root',
    join(dir, 'root'),
    '--runroot',
    join(dir, 'runroot'),
    '--storage-driver',
    'vfs',
    '--tmpdir',
    join(dir, 'tmp'),
    '--network-config-dir',
    join(dir, 'networks'),
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
  ];
  const env = { ...process.env };
  delete env.CONTAINER_HOST;
  delete env.CONTAINER_CONNECTION;
  const service = spawn('podman', [...storage, 'system', 'service', '--time=0', host], { stdio: ['ignore', 'ignore', 'pipe'], env });
  const chunks = [];
  let exited = false;
  service.stderr.on('data', (chunk) => chunks.push(chunk));
  service.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (!(await ping(socketPath))) {
    if (exited || Date.now() > deadline) {
      service.kill('SIGKILL');
      throw new Error(`the test Podman service did not start:\n${Buffer.concat(chunks).toString().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  async function podman(args) {
    const { stdout } = await run('podman', [...storage, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  }
  async function stop() {
    if (!exited) {
      service.kill('SIGTERM');
      const timer = setTimeout(() => service.kill('SIGKILL'), 20_000);
      await once(service, 'exit').catch(() => {});
      clearTimeout(timer);
    }
    // vfs storage is plain folders, so nothing is left mounted: the folder holds it all.
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  }
  return { dir, host, socketPath, podman, stop };
}

/** The same one-binary image for a Podman service, imported with its own CLI. */
export async function buildPodmanTestImage(podman) {
  const dir = await mkdtemp(join(tmpdir(), 'dw-image-'));
  try {
    await writeFile(join(dir, 'busybox'), await readFile('/bin/busybox'), { mode: 0o755 });
    await run('tar', ['-C', dir, '-cf', join(dir, 'image.tar'), 'busybox']);
    await podman(['import', '--change', 'CMD ["/busybox", "sleep", "3600"]', join(dir, 'image.tar'), TEST_IMAGE]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return `localhost/${TEST_IMAGE}`;
}
