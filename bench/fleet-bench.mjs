// npm run bench: a fleet of three private engines of N containers each
// (default 300), audited by one `dockward scan` with three -H against the
// three audited one after another; then one engine over ssh:// (a private
// sshd on loopback) against the same engine over its unix socket. Every
// figure is from this one run, medians of alternating runs.
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTestImage, startTestEngine } from '../scripts/test-engine.mjs';
import { startTestSshd } from '../scripts/test-sshd.mjs';
import { createContainers, median, timeProcess } from './bench-support.mjs';

const PER_ENGINE = Number(process.argv[2] ?? process.env.BENCH_CONTAINERS ?? 300);
const REPEATS = 3;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const scan = (hosts) => [cli, 'scan', ...hosts.flatMap((host) => ['-H', host]), '--format', 'json', '--fail-on', 'none'];

const engines = [];
let sshd;
const home = await mkdtemp(join(tmpdir(), 'dw-bench-home-'));
try {
  for (let i = 0; i < 3; i++) engines.push(await startTestEngine());
  for (const engine of engines) await createContainers(engine, await buildTestImage(engine.host), 0, PER_ENGINE);
  const hosts = engines.map((engine) => engine.host);
  const env = { NO_COLOR: '1' };
  console.log(`\ndockward fleet benchmark: 3 private engines of ${PER_ENGINE} containers, Node ${process.version}`);

  const together = [];
  const oneAfterAnother = [];
  await timeProcess(scan(hosts), env); // warm every engine's caches once
  for (let i = 0; i < REPEATS; i++) {
    together.push((await timeProcess(scan(hosts), env)).ms);
    let sum = 0;
    for (const host of hosts) sum += (await timeProcess(scan([host]), env)).ms;
    oneAfterAnother.push(sum);
  }
  console.log(`wall time, median of ${REPEATS}:`);
  console.log(`  three engines in one scan:      ${median(together).toFixed(0)} ms`);
  console.log(`  three scans one after another:  ${median(oneAfterAnother).toFixed(0)} ms`);
  console.log(`  ratio together / one after another: ${(median(together) / median(oneAfterAnother)).toFixed(2)}x`);

  sshd = await startTestSshd({ dockerHost: hosts[0] });
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
  await writeFile(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine}\n`);
  await copyFile(sshd.clientKey, join(home, '.ssh', 'id_ed25519'));
  const sshHost = `ssh://root@127.0.0.1:${sshd.port}`;
  const sshEnv = { ...env, HOME: home };
  const overSsh = [];
  const overSocket = [];
  await timeProcess(scan([sshHost]), sshEnv);
  const connectionsBefore = sshd.connections();
  for (let i = 0; i < REPEATS; i++) {
    overSocket.push((await timeProcess(scan([hosts[0]]), env)).ms);
    overSsh.push((await timeProcess(scan([sshHost]), sshEnv)).ms);
  }
  const connectionsPerScan = (sshd.connections() - connectionsBefore) / REPEATS;
  console.log(`\none engine of ${PER_ENGINE} containers, median of ${REPEATS}:`);
  console.log(`  over its unix socket:                  ${median(overSocket).toFixed(0)} ms`);
  console.log(`  over ssh:// (sshd on loopback):        ${median(overSsh).toFixed(0)} ms, ${connectionsPerScan} SSH connection(s) a scan`);
  console.log(`  ratio ssh / unix socket: ${(median(overSsh) / median(overSocket)).toFixed(2)}x`);
} finally {
  await sshd?.stop();
  for (const engine of engines) await engine.stop();
  await rm(home, { recursive: true, force: true });
}
