// Authorization plugin benchmark: starts `dockward authz serve` on a private
// socket, sends realistic container-create requests at a fixed rate (default
// 500 per second for 10 s) over keep-alive connections, one request at a time
// on each, as dockerd does, and prints decisions per second, p50/p99 latency
// and the plugin's peak memory. The floor (authz-floor.mjs) is a separate
// Node process, run the same way, that allows everything without looking at
// the request, measured in the same run with the same load.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unitNodeFlags } from '../scripts/plugin-unit.mjs';

const RATE = Number(process.argv[2] ?? 500);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = 16;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const floorServer = fileURLToPath(new URL('./authz-floor.mjs', import.meta.url));
const engineStandIn = fileURLToPath(new URL('./engine-stand-in.mjs', import.meta.url));
/** The node flags of the README's systemd unit (heap sizes and single-threaded GC; docs/authz-plugin.md says why). PLUGIN_NODE_FLAGS overrides. */
const PLUGIN_NODE_FLAGS = process.env.PLUGIN_NODE_FLAGS?.split(' ').filter(Boolean) ?? unitNodeFlags();
/**
 * As the unit runs it, Nice=-10: the daemon waits on the plugin for every
 * request, so the plugin should not wait for a CPU behind other work (here,
 * the load generator). Lowering a niceness needs root; PLUGIN_NICE overrides.
 */
const PLUGIN_NICE = Number(process.env.PLUGIN_NICE ?? -10);

/** Bodies as the docker CLI sends them for common containers: hardened, risky, Compose-like with secrets. */
const BODIES = [
  {
    Image: 'nginx:1.27',
    Env: ['NGINX_PORT=80'],
    Labels: { 'com.docker.compose.service': 'web' },
    HostConfig: {
      CapDrop: ['ALL'],
      CapAdd: ['CHOWN', 'SETGID', 'SETUID', 'NET_BIND_SERVICE'],
      SecurityOpt: ['no-new-privileges'],
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
      Memory: 268435456,
      PidsLimit: 100,
      ReadonlyRootfs: true,
    },
  },
  {
    Image: 'postgres:16',
    Env: ['POSTGRES_PASSWORD=Sup3r-S3cret-Value!', 'POSTGRES_DB=app', 'PGDATA=/var/lib/postgresql/data'],
    HostConfig: {
      Binds: ['pgdata:/var/lib/postgresql/data'],
      PortBindings: { '5432/tcp': [{ HostIp: '', HostPort: '5432' }] },
      RestartPolicy: { Name: 'always' },
    },
  },
  {
    Image: 'acme/agent:1',
    Env: ['API_TOKEN=glpat-abcdefghij0123456789'],
    HostConfig: {
      Privileged: true,
      PidMode: 'host',
      NetworkMode: 'host',
      Binds: ['/var/run/docker.sock:/var/run/docker.sock', '/:/host:ro'],
    },
  },
  {
    Image: 'redis:7',
    Cmd: ['redis-server', '--requirepass', 'hunter2-redis-pass'],
    HostConfig: { CapAdd: ['SYS_NICE'], SecurityOpt: ['seccomp=unconfined'], Tmpfs: { '/tmp': 'rw,exec' } },
  },
];

/**
 * Request i, as raw HTTP: body i mod 4 under its own container name and with
 * a label of its own, so no two requests are the same (a plugin may not
 * answer from a cache of whole requests); the environment repeats, as it
 * does when the same services are deployed again and again.
 */
function createRequest(i) {
  const body = BODIES[((i % BODIES.length) + BODIES.length) % BODIES.length];
  const unique = { ...body, Labels: { ...body.Labels, 'deploy.request': `r-${i}` } };
  const json = JSON.stringify({
    User: 'ci',
    RequestMethod: 'POST',
    RequestUri: `/v1.41/containers/create?name=app-${i}`,
    RequestHeaders: { 'Content-Type': 'application/json' },
    RequestBody: Buffer.from(JSON.stringify(unique)).toString('base64'),
  });
  return Buffer.from(
    `POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}

/**
 * A keep-alive connection that carries one request at a time and reads just
 * enough of each answer to know where it ends. Node's http client costs more
 * per request than the servers measured here, and on two cores its work
 * would show up as their latency.
 */
class Connection {
  #socket;
  #received = Buffer.alloc(0);
  #answered;
  #failed;
  /** The server closes connections idle for longer than its keep-alive timeout. */
  closed = false;

  constructor(socketPath) {
    this.#socket = createConnection(socketPath);
    this.#socket.on('data', (chunk) => this.#read(chunk));
    this.#socket.on('close', () => {
      this.closed = true;
      this.#failed?.(new Error('the server closed the connection before answering'));
    });
    this.connected = once(this.#socket, 'connect');
  }

  /** Resolves with the latency in milliseconds. */
  send(raw) {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      this.#answered = () => resolve(Number(process.hrtime.bigint() - started) / 1e6);
      this.#failed = reject;
      this.#socket.write(raw);
    });
  }

  #read(chunk) {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    const headerEnd = this.#received.indexOf('\r\n\r\n');
    if (headerEnd === -1) return;
    const length = Number(/content-length: *(\d+)/i.exec(this.#received.toString('latin1', 0, headerEnd))?.[1]);
    if (!Number.isInteger(length)) throw new Error('the server answered without a Content-Length');
    if (this.#received.length < headerEnd + 4 + length) return;
    this.#received = this.#received.subarray(headerEnd + 4 + length);
    this.#failed = undefined;
    this.#answered();
  }

  close() {
    this.#socket.destroy();
  }
}

/**
 * Up to CONNECTIONS connections; a request waits for a free one, as in
 * dockerd's client pool. Free connections are taken in turn, so none sits
 * idle long enough for the server's keep-alive timeout to close it.
 */
class Pool {
  #idle = [];
  #waiting = [];
  #all = [];

  constructor(socketPath) {
    this.socketPath = socketPath;
  }

  async send(raw) {
    const connection = await this.#take();
    try {
      return await connection.send(raw);
    } finally {
      if (!connection.closed) this.#idle.push(connection);
      this.#waiting.shift()?.();
    }
  }

  async #take() {
    for (;;) {
      for (let idle = this.#idle.shift(); idle; idle = this.#idle.shift()) if (!idle.closed) return idle;
      this.#all = this.#all.filter((connection) => !connection.closed);
      if (this.#all.length < CONNECTIONS) {
        const connection = new Connection(this.socketPath);
        this.#all.push(connection);
        await connection.connected;
        return connection;
      }
      await new Promise((resolve) => this.#waiting.push(resolve));
    }
  }

  close() {
    for (const connection of this.#all) connection.close();
  }
}

/** Open loop: one request every 1/RATE s whatever the answers, so slow answers show as latency, not as a lower rate. */
async function load(socketPath) {
  const pool = new Pool(socketPath);
  for (let i = 0; i < 200; i++) await pool.send(createRequest(-i - 1)); // warm-up
  const latencies = [];
  const pending = [];
  const total = RATE * SECONDS;
  const requests = Array.from({ length: total }, (_, i) => createRequest(i));
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(pool.send(requests[i]).then((ms) => latencies.push(ms)));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  if (process.env.BENCH_SHAPE)
    console.log('  shape', [0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99].map((q) => `p${q * 100} ${at(q).toFixed(2)}`).join('  '));
  return { rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) };
}

async function peakMemory(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Starts a server process, loads it, and stops it; its stdout (the plugin's log) is discarded unless PLUGIN_STDOUT is set. */
async function measure(args, socket) {
  const server = spawn(process.execPath, [...PLUGIN_NODE_FLAGS, ...args], {
    stdio: ['ignore', process.env.PLUGIN_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(server, 'exit');
  await Promise.race([
    (async () => {
      while (!stderr.includes('listening')) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    exited.then(([code]) => Promise.reject(new Error(`${args[0]} exited with ${code} before listening:\n${stderr}`))),
  ]);
  let nice = PLUGIN_NICE;
  try {
    setPriority(server.pid, PLUGIN_NICE);
  } catch {
    nice = getPriority(server.pid);
  }
  const result = await load(socket);
  const memory = await peakMemory(server.pid);
  server.kill('SIGTERM');
  await exited;
  return { ...result, memory, nice };
}

const dir = await mkdtemp(join(tmpdir(), 'dw-authz-bench-'));
const engineSocket = join(dir, 'engine.sock');
const engine = spawn(process.execPath, [engineStandIn, engineSocket], { stdio: ['ignore', 'ignore', 'pipe'] });
await new Promise((resolve) => engine.stderr.once('data', resolve));
try {
  const floorSocket = join(dir, 'floor.sock');
  const floor = await measure([floorServer, floorSocket], floorSocket);
  const socket = join(dir, 'dockward.sock');
  const plugin = await measure([cli, 'authz', 'serve', '--socket', socket, '--host', `unix://${engineSocket}`], socket);

  const row = (label, r) =>
    `  ${label.padEnd(40)} ${r.rate.toFixed(0).padStart(5)} decisions/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   max ${r.max.toFixed(1)} ms`;
  console.log(
    `\ndockward authz benchmark: ${RATE} requests/s for ${SECONDS} s, create requests from ${BODIES.length} realistic bodies, each request unique, Node ${process.version}`,
  );
  console.log(row('floor (allow-all process, same load)', floor));
  console.log(row('dockward authz serve', plugin));
  console.log(`  p99 ratio to the floor: ${(plugin.p99 / floor.p99).toFixed(2)}x (target: p99 under 2 ms)`);
  console.log(`  plugin peak memory: ${plugin.memory.toFixed(1)} MiB (target under 100 MB)`);
  console.log(
    `  both servers ran as: node ${PLUGIN_NODE_FLAGS.join(' ') || '(no flags)'}, nice ${plugin.nice}${plugin.nice === PLUGIN_NICE ? '' : ` (could not set nice ${PLUGIN_NICE}: not root)`}`,
  );
} finally {
  engine.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
