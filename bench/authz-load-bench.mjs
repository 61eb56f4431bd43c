// Authorization plugin under a burst of large requests: starts `dockward authz
// serve` as the README's unit runs it (64 MiB of old space), sends rounds of
// concurrent container creates of about 1 MiB each straight to its socket, and
// prints how each round was answered (judged, or denied unread for capacity),
// the latency of each kind of answer, and the plugin's peak and final memory.
// Then once more with Node's default heap and a burst of 600. The floor is a
// request of the same size to the same plugin with nothing else in flight,
// measured in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unitNodeFlags } from '../scripts/plugin-unit.mjs';

const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const UNIT_FLAGS = unitNodeFlags();

function createRequest(index, bytes) {
  const body = { Image: 'acme/app:1', Env: [`PAD${index}=${'y'.repeat(bytes)}`], HostConfig: { CapDrop: ['ALL'], NetworkMode: 'none' } };
  return JSON.stringify({
    RequestMethod: 'POST',
    RequestUri: '/v1.41/containers/create',
    RequestBody: Buffer.from(JSON.stringify(body)).toString('base64'),
  });
}

function ask(socketPath, payload) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // A connection of its own: a plugin that denies unread answers before the body is sent, and the
    // write that fails then (EPIPE) belongs to this request, not to a socket idle in a shared pool.
    const req = request(
      { socketPath, agent: false, path: '/AuthZPlugin.AuthZReq', method: 'POST', headers: { 'Content-Type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({ ms: performance.now() - started, capacity: text.includes('as many requests as its memory allows') }),
        );
      },
    );
    // A plugin that denies unread may close the connection while the body is still being written: dockerd
    // denies a request whose plugin fails to answer, so that is a denial too, counted apart.
    req.on('error', (error) =>
      ['EPIPE', 'ECONNRESET'].includes(error.code) ? resolve({ ms: performance.now() - started, closed: true }) : reject(error),
    );
    req.end(payload);
  });
}

async function memory(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kib('VmHWM') / 1024, now: kib('VmRSS') / 1024 };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const fmt = (ms) => (Number.isNaN(ms) ? '-' : `${ms.toFixed(0)} ms`);

async function scenario(label, nodeFlags, burst, rounds) {
  const dir = await mkdtemp(join(tmpdir(), 'dw-load-'));
  const socketPath = join(dir, 'plugin.sock');
  // Its bodies mount no named volume; --host keeps it away from any real engine all the same.
  const args = ['authz', 'serve', '--socket', socketPath, '--mode', 'enforce', '--host', `unix://${join(dir, 'no-engine.sock')}`];
  const plugin = spawn(process.execPath, [...nodeFlags, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  plugin.stderr.on('data', (chunk) => (stderr += chunk));
  while (!stderr.includes('listening on')) {
    if (plugin.exitCode !== null) throw new Error(stderr);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    const payloads = Array.from({ length: burst }, (_, index) => createRequest(index, 1000 * 1000));
    const floor = [];
    for (let i = 0; i < 3; i++) floor.push((await ask(socketPath, payloads[i])).ms);
    const judged = [];
    const refused = [];
    let closed = 0;
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(payloads.map((payload) => ask(socketPath, payload)));
      for (const answer of answers) {
        if (answer.closed) closed += 1;
        else (answer.capacity ? refused : judged).push(answer.ms);
      }
    }
    const peak = await memory(plugin.pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await memory(plugin.pid);
    console.log(
      `${label}: ${rounds} bursts of ${burst} creates of 1 MB: ${judged.length} judged (p50 ${fmt(quantile(judged, 0.5))}, p99 ${fmt(quantile(judged, 0.99))}), ` +
        `${refused.length} denied unread (p50 ${fmt(quantile(refused, 0.5))}), ${closed} closed before an answer; ` +
        `floor, one at a time: ${fmt(quantile(floor, 0.5))}; ` +
        `peak RSS ${peak.peak.toFixed(0)} MiB, ${after.now.toFixed(0)} MiB 2 s later; plugin ${plugin.exitCode === null ? 'alive' : `exited ${plugin.exitCode}`}`,
    );
  } finally {
    plugin.kill('SIGTERM');
    await once(plugin, 'exit').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

await scenario('plugin as the README unit runs it', UNIT_FLAGS, 40, 5);
await scenario("plugin with Node's default heap", [], 600, 1);
