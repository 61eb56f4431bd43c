// npm run bench [-- N]: creates N containers (default 300) on a private test
// engine and prints, from this one run, the wall time of the whole
// `dockward scan --format json` process, the raw Engine API floor, their
// ratio, and dockward's peak memory at growing container counts.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildTestImage, startTestEngine } from '../scripts/test-engine.mjs';

const TOTAL = Number(process.argv[2] ?? process.env.BENCH_CONTAINERS ?? 300);
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const floor = fileURLToPath(new URL('./engine-floor.mjs', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

/** A spread of realistic settings, so rules have work to do. */
function containerBody(image, index) {
  const variants = [
    { HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], NetworkMode: 'none' } },
    {
      Env: ['DB_PASSWORD=bench-not-real', 'PATH=/bin'],
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: `${20000 + index}` }] } },
    },
    { HostConfig: { Privileged: true } },
    { HostConfig: { Binds: ['/etc:/host-etc:ro'], CapAdd: ['SYS_ADMIN'] } },
    { HostConfig: { NetworkMode: 'host', PidMode: 'host' } },
  ];
  return { Image: image, Labels: { bench: 'yes' }, ...variants[index % variants.length] };
}

function api(socketPath, agent, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        agent,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          res.statusCode < 300 ? resolve() : reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function createContainers(engine, image, from, to) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const indices = Array.from({ length: to - from }, (_, i) => from + i);
  for (let i = 0; i < indices.length; i += 8) {
    await Promise.all(
      indices
        .slice(i, i + 8)
        .map((index) => api(engine.socketPath, agent, 'POST', `/containers/create?name=bench-${index}`, containerBody(image, index))),
    );
  }
  agent.destroy();
}

/** Wall time of a whole process, from spawn to exit, and what it wrote to stderr. */
function timeProcess(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, stderr });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const engine = await startTestEngine();
try {
  const image = await buildTestImage(engine.host);
  const env = { DOCKER_HOST: engine.host, NO_COLOR: '1' };
  const scanArgs = [cli, 'scan', '--format', 'json', '--fail-on', 'none'];

  console.log(`dockward scan benchmark: ${TOTAL} containers, Node ${process.version}, private dockerd`);
  console.log('\npeak memory of the scan as containers grow:');
  const steps = [...new Set([Math.ceil(TOTAL / 3), Math.ceil((2 * TOTAL) / 3), TOTAL])];
  let created = 0;
  for (const step of steps) {
    await createContainers(engine, image, created, step);
    created = step;
    const { stderr } = await timeProcess(['--import', peakRss, ...scanArgs], env);
    const kib = Number(/peak-rss-kib=(\d+)/.exec(stderr)?.[1]);
    console.log(`  ${String(step).padStart(5)} containers: ${(kib / 1024).toFixed(1)} MiB`);
  }

  // Alternate the two so that drift on the machine affects both alike.
  const floorRuns = [];
  const scanRuns = [];
  await timeProcess([floor], env); // warm the engine's caches once for both
  for (let i = 0; i < REPEATS; i++) {
    floorRuns.push((await timeProcess([floor], env)).ms);
    scanRuns.push((await timeProcess(scanArgs, env)).ms);
  }
  const floorMs = median(floorRuns);
  const scanMs = median(scanRuns);
  console.log(`\nwall time of the whole process, median of ${REPEATS} (min):`);
  console.log(
    `  raw Engine API floor (list + ${TOTAL} inspects, one keep-alive socket): ${floorMs.toFixed(0)} ms (${Math.min(...floorRuns).toFixed(0)})`,
  );
  console.log(
    `  dockward scan --format json:                                ${scanMs.toFixed(0)} ms (${Math.min(...scanRuns).toFixed(0)})`,
  );
  console.log(`  ratio dockward / floor: ${(scanMs / floorMs).toFixed(2)}x (target <= 1.5x)`);
} finally {
  await engine.stop();
}
