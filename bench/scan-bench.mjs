// npm run bench [-- N]: creates up to N containers (default 3,000) on a
// private test engine and prints, from this one run, the wall time of the
// whole `dockward scan --format json` process at 300 and at N containers
// against two raw Engine API floors (one keep-alive socket, and eight with as
// many requests in flight), their ratios, and dockward's peak memory at 300,
// 1,000 and N containers.
import { fileURLToPath } from 'node:url';
import { buildTestImage, startTestEngine } from '../scripts/test-engine.mjs';
import { createContainers, median, timeProcess } from './bench-support.mjs';

const TOTAL = Number(process.argv[2] ?? process.env.BENCH_CONTAINERS ?? 3000);
/** Container counts the scan is timed at, and those its peak memory is printed at (up to TOTAL). */
const TIMED = [300, 3000];
const MEMORY_STEPS = [300, 1000, 3000];
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const floor = fileURLToPath(new URL('./engine-floor.mjs', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

const engine = await startTestEngine();
try {
  const image = await buildTestImage(engine.host);
  const env = { DOCKER_HOST: engine.host, NO_COLOR: '1' };
  const scanArgs = [cli, 'scan', '--format', 'json', '--fail-on', 'none'];
  const sizes = [...new Set([...TIMED.filter((size) => size < TOTAL), TOTAL])];
  const memorySteps = [...new Set([...MEMORY_STEPS.filter((size) => size < TOTAL), TOTAL])].sort((a, b) => a - b);

  console.log(`dockward scan benchmark: up to ${TOTAL} containers, Node ${process.version}, private dockerd`);
  let created = 0;
  for (const size of [...new Set([...memorySteps, ...sizes])].sort((a, b) => a - b)) {
    await createContainers(engine, image, created, size);
    created = size;
    if (memorySteps.includes(size)) {
      const { stderr } = await timeProcess(['--import', peakRss, ...scanArgs], env);
      const kib = Number(/peak-rss-kib=(\d+)/.exec(stderr)?.[1]);
      console.log(`\npeak memory of the scan at ${size} containers: ${(kib / 1024).toFixed(1)} MiB`);
    }
    if (!sizes.includes(size)) continue;
    // Alternate the three so that drift on the machine affects all alike.
    const repeats = size > 1000 ? 3 : REPEATS;
    const runs = { one: [], eight: [], scan: [] };
    await timeProcess([floor], env); // warm the engine's caches once for all
    for (let i = 0; i < repeats; i++) {
      runs.one.push((await timeProcess([floor], env)).ms);
      runs.eight.push((await timeProcess([floor], { ...env, FLOOR_SOCKETS: '8' })).ms);
      runs.scan.push((await timeProcess(scanArgs, env)).ms);
    }
    const [one, eight, scan] = [median(runs.one), median(runs.eight), median(runs.scan)];
    const shown = (runsOf) => `${median(runsOf).toFixed(0)} ms (min ${Math.min(...runsOf).toFixed(0)})`;
    console.log(`wall time of the whole process at ${size} containers, median of ${repeats}:`);
    console.log(`  raw Engine API floor, list + ${size} inspects over 1 keep-alive socket:  ${shown(runs.one)}`);
    console.log(`  raw Engine API floor, the same over 8 keep-alive sockets:            ${shown(runs.eight)}`);
    console.log(`  dockward scan --format json:                                         ${shown(runs.scan)}`);
    const target = size >= 3000 ? 1.3 : 1.5;
    console.log(
      `  ratio dockward / floor: ${(scan / one).toFixed(2)}x of one socket, ${(scan / eight).toFixed(2)}x of eight (target <= ${target}x of eight)`,
    );
  }
} finally {
  await engine.stop();
}
