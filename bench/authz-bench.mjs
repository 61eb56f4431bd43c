// Authorization plugin benchmark: starts `dockward authz serve` on a private
// socket, sends realistic container-create requests at a fixed rate (default
// 500 per second for 10 s) over keep-alive connections, as dockerd does, and
// prints decisions per second, p50/p99 latency and the plugin's peak memory.
// The floor is a plain Node HTTP server on a unix socket that allows
// everything without reading the request, measured in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = Number(process.argv[2] ?? 500);
const SECONDS = Number(process.argv[3] ?? 10);
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
/** As the README's systemd unit runs the plugin: smaller heap generations keep its memory down. PLUGIN_NODE_FLAGS overrides. */
const PLUGIN_NODE_FLAGS = (process.env.PLUGIN_NODE_FLAGS ?? '--max-semi-space-size=2 --max-old-space-size=64').split(' ').filter(Boolean);

/** Bodies as the docker CLI sends them for common containers: hardened, risky, Compose-like with secrets. */
const BODIES = [
  { Image: 'nginx:1.27', Env: ['NGINX_PORT=80'], Labels: { 'com.docker.compose.service': 'web' }, HostConfig: { CapDrop: ['ALL'], CapAdd: ['CHOWN', 'SETGID', 'SETUID', 'NET_BIND_SERVICE'], SecurityOpt: ['no-new-privileges'], PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }, Memory: 268435456, PidsLimit: 100, ReadonlyRootfs: true } },
  { Image: 'postgres:16', Env: ['POSTGRES_PASSWORD=Sup3r-S3cret-Value!', 'POSTGRES_DB=app', 'PGDATA=/var/lib/postgresql/data'], HostConfig: { Binds: ['pgdata:/var/lib/postgresql/data'], PortBindings: { '5432/tcp': [{ HostIp: '', HostPort: '5432' }] }, RestartPolicy: { Name: 'always' } } },
  { Image: 'acme/agent:1', Env: ['API_TOKEN=glpat-abcdefghij0123456789'], HostConfig: { Privileged: true, PidMode: 'host', NetworkMode: 'host', Binds: ['/var/run/docker.sock:/var/run/docker.sock', '/:/host:ro'] } },
  { Image: 'redis:7', Cmd: ['redis-server', '--requirepass', 'hunter2-redis-pass'], HostConfig: { CapAdd: ['SYS_NICE'], SecurityOpt: ['seccomp=unconfined'], Tmpfs: { '/tmp': 'rw,exec' } } },
];

/**
 * Request i: body i mod 4 under its own container name and with a label of
 * its own, so no two requests are the same (a plugin may not answer from a
 * cache of whole requests); the environment repeats, as it does when the
 * same services are deployed again and again.
 */
function createRequest(i) {
  const body = BODIES[((i % BODIES.length) + BODIES.length) % BODIES.length];
  const unique = { ...body, Labels: { ...body.Labels, 'deploy.request': `r-${i}` } };
  return JSON.stringify({ User: 'ci', RequestMethod: 'POST', RequestUri: `/v1.41/containers/create?name=app-${i}`, RequestHeaders: { 'Content-Type': 'application/json' }, RequestBody: Buffer.from(JSON.stringify(unique)).toString('base64') });
}

function send(agent, socketPath, body) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request({ agent, socketPath, path: '/AuthZPlugin.AuthZReq', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Open loop: one request every 1/RATE s whatever the answers, so slow answers show as latency, not as a lower rate. */
async function load(socketPath) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  for (let i = 0; i < 200; i++) await send(agent, socketPath, createRequest(-i - 1)); // warm-up
  const latencies = [];
  const pending = [];
  const total = RATE * SECONDS;
  const requests = Array.from({ length: total }, (_, i) => createRequest(i));
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(agent, socketPath, requests[i]).then((ms) => latencies.push(ms)));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  if (process.env.BENCH_SHAPE) console.log('  shape', [0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99].map((q) => `p${q * 100} ${at(q).toFixed(2)}`).join('  '));
  return { rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) };
}

async function peakMemory(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const dir = await mkdtemp(join(tmpdir(), 'dw-authz-bench-'));
try {
  const floorSocket = join(dir, 'floor.sock');
  const floor = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"Allow":true}'));
  });
  await new Promise((resolve) => floor.listen(floorSocket, resolve));
  const floorResult = await load(floorSocket);
  floor.close();

  const socket = join(dir, 'dockward.sock');
  const plugin = spawn(process.execPath, [...PLUGIN_NODE_FLAGS, cli, 'authz', 'serve', '--socket', socket], { stdio: ['ignore', process.env.PLUGIN_STDOUT ? 'inherit' : 'ignore', 'pipe'] });
  let stderr = '';
  plugin.stderr.on('data', (chunk) => (stderr += chunk));
  while (!stderr.includes('listening')) await new Promise((resolve) => setTimeout(resolve, 50));
  const result = await load(socket);
  const memory = await peakMemory(plugin.pid);
  plugin.kill('SIGTERM');
  await once(plugin, 'exit');

  const row = (label, r) => `  ${label.padEnd(40)} ${r.rate.toFixed(0).padStart(5)} decisions/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   max ${r.max.toFixed(1)} ms`;
  console.log(`\ndockward authz benchmark: ${RATE} requests/s for ${SECONDS} s, create requests from ${BODIES.length} realistic bodies, each request unique, Node ${process.version}`);
  console.log(row('floor (allow-all server, same socket)', floorResult));
  console.log(row('dockward authz serve', result));
  console.log(`  p99 ratio to the floor: ${(result.p99 / floorResult.p99).toFixed(2)}x (target: p99 under 2 ms)`);
  console.log(`  plugin peak memory: ${memory.toFixed(1)} MiB (target under 100 MB), node ${PLUGIN_NODE_FLAGS.join(' ') || '(no flags)'}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
