// npm run bench [-- N]: creates N containers (default 300) on a private test
// engine and prints, from this one run, the wall time of the whole
// `dockward scan --format json` process, the raw Engine API floor, their
// ratio, and dockward's peak memory at growing container counts.
import { fileURLToPath } from 'node:url';
import { buildTestImage, startTestEngine } from '../scripts/test-engine.mjs';
import { createContainers, median, timeProcess } from './bench-support.mjs';

const TOTAL = Number(process.argv[2] ?? process.env.BENCH_CONTAINERS ?? 300);
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const floor = fileURLToPath(new URL('./engine-floor.mjs', import.meta.url));
const peakRss = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

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
