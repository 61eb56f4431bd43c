// HTML report benchmark: 1,000 containers (docker inspect output with a
// spread of risky settings) rendered by `dockward scan --inspect --format
// html`, then opened in Debian's chromium. Prints the file size and the time
// until the page has loaded and its script has run, against a floor: the same
// page without its script, opened in the same browser in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const COUNT = Number(process.argv[2] ?? 1000);
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));

function container(i) {
  return {
    Id: i.toString(16).padStart(64, '0'),
    Name: `/app-${i}`,
    State: { Status: i % 4 === 0 ? 'exited' : 'running' },
    Config: {
      Image: `registry.example/team/app${i % 50}:1.${i}`,
      User: i % 3 === 0 ? '' : '1000',
      Env: [`LOG_LEVEL=info`, ...(i % 5 === 0 ? ['DB_PASSWORD=not-a-real-one-123'] : [])],
      Labels: { team: `t${i % 7}` },
    },
    HostConfig: {
      Privileged: i % 11 === 0,
      PidMode: i % 13 === 0 ? 'host' : '',
      NetworkMode: i % 17 === 0 ? 'host' : 'bridge',
      CapAdd: i % 6 === 0 ? ['NET_ADMIN'] : null,
      CapDrop: i % 2 === 0 ? ['ALL'] : null,
      SecurityOpt: i % 3 === 0 ? ['no-new-privileges'] : null,
      PortBindings: { '80/tcp': [{ HostIp: i % 2 ? '' : '127.0.0.1', HostPort: String(10000 + i) }] },
      Binds: i % 9 === 0 ? ['/var/run/docker.sock:/var/run/docker.sock'] : [],
      Memory: i % 4 === 0 ? 268435456 : 0,
      ReadonlyRootfs: i % 8 === 0,
    },
    Mounts: i % 9 === 0 ? [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true }] : [],
  };
}

async function loadTime(browser, url) {
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    // The filter script runs at the end of the body; one animation frame later the page is drawn.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve()))');
    times.push(performance.now() - started);
    await page.close();
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

const dir = await mkdtemp(join(tmpdir(), 'dw-html-bench-'));
try {
  const inspect = join(dir, 'inspect.json');
  await writeFile(inspect, JSON.stringify(Array.from({ length: COUNT }, (_, i) => container(i))));
  const report = join(dir, 'report.html');
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'scan', '--inspect', inspect, '--format', 'html', '--output', report, '--fail-on', 'none']);
  const renderMs = performance.now() - started;
  if (run.status !== 0) throw new Error(run.stderr.toString());
  const floor = join(dir, 'floor.html');
  await writeFile(floor, (await readFile(report, 'utf8')).replace(/<script>[\s\S]*<\/script>/, ''));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const floorMs = await loadTime(browser, `file://${floor}`);
  const reportMs = await loadTime(browser, `file://${report}`);
  await browser.close();
  const size = (await stat(report)).size;
  console.log(`\ndockward HTML report benchmark: ${COUNT} containers, Node ${process.version}, Debian chromium, median of ${REPEATS}`);
  console.log(`  dockward scan --inspect --format html (whole process): ${renderMs.toFixed(0)} ms`);
  console.log(`  report size: ${(size / 1024 / 1024).toFixed(2)} MB (target under 5 MB)`);
  console.log(`  floor (the same page without its script), load and first frame: ${floorMs.toFixed(0)} ms`);
  console.log(
    `  report, load, script and first frame: ${reportMs.toFixed(0)} ms (target under 2000 ms); ratio ${(reportMs / floorMs).toFixed(2)}x`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
