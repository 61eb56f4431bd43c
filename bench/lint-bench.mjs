// Lint benchmark: generates a Compose file with N services (default 1000) and a
// shell script of M lines (default 5000), then times the whole `dockward lint`
// process on each, against the floor of starting Node and reading the file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICES = Number(process.argv[2] ?? 1000);
const LINES = Number(process.argv[3] ?? 5000);
const REPEATS = 5;
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));

function composeFile(count) {
  const lines = ['x-base: &base', '  cap_drop: [ALL]', '  security_opt: ["no-new-privileges:true"]', 'services:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  svc${i}:`,
      '    <<: *base',
      `    image: registry.example/team/app${i}:1.${i}`,
      '    ports:',
      `      - "${i % 3 === 0 ? '' : '127.0.0.1:'}${10000 + i}:80"`,
      '    volumes:',
      `      - ${i % 7 === 0 ? '/etc' : './data'}:/data:ro`,
      '    environment:',
      `      LOG_LEVEL: info`,
      `      ${i % 5 === 0 ? 'DB_PASSWORD: not-a-real-one' : 'DB_PASSWORD_FILE: /run/secrets/db'}`,
      ...(i % 11 === 0 ? ['    privileged: true'] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

function shellScript(count) {
  const lines = ['#!/bin/sh', 'set -eu'];
  for (let i = 0; lines.length < count; i++) {
    if (i % 4 === 0)
      lines.push(
        `docker run -d --name app${i} --cap-drop=ALL \\`,
        `  -p ${10000 + i}:80 -e TOKEN_URL=https://x/${i} \\`,
        `  ${i % 3 === 0 ? '--privileged' : '--read-only'} app:${i}`,
      );
    else lines.push(`echo "step ${i}" && test -f /tmp/${i} || true`);
  }
  return `${lines.join('\n')}\n`;
}

function time(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dir = await mkdtemp(join(tmpdir(), 'dw-lint-bench-'));
try {
  const compose = join(dir, 'compose.yaml');
  const script = join(dir, 'deploy.sh');
  await writeFile(compose, composeFile(SERVICES));
  await writeFile(script, shellScript(LINES));
  console.log(
    `\ndockward lint benchmark: a ${SERVICES}-service Compose file and a ${LINES}-line script, whole process, median of ${REPEATS}`,
  );
  for (const [label, file] of [
    [`Compose, ${SERVICES} services`, compose],
    [`shell script, ${LINES} lines`, script],
  ]) {
    const floor = [];
    const lint = [];
    for (let i = 0; i < REPEATS; i++) {
      floor.push(await time(['-e', `require('fs').readFileSync(${JSON.stringify(file)}, 'utf8')`]));
      lint.push(await time([cli, 'lint', file, '--format', 'json', '--fail-on', 'none']));
    }
    console.log(
      `  ${label.padEnd(28)} dockward ${median(lint).toFixed(0)} ms (target < 1000 ms); floor (node reading the file) ${median(floor).toFixed(0)} ms; ratio ${(median(lint) / median(floor)).toFixed(1)}x`,
    );
  }

  // Each report format at N and 10N services: the work past the process's start should grow ten times, not a hundred (issue 17).
  const large = join(dir, 'compose-large.yaml');
  await writeFile(large, composeFile(SERVICES * 10));
  const start = median(await Promise.all([0, 1, 2].map(() => time(['-e', '0']))));
  console.log(
    `\nreport formats, ${SERVICES} and ${SERVICES * 10} services, one run each (node's own start, ${start.toFixed(0)} ms, taken off)`,
  );
  for (const format of ['table', 'json', 'sarif', 'junit', 'markdown', 'github', 'html']) {
    const args = (file) => [cli, 'lint', file, '--format', format, '--fail-on', 'none'];
    const small = (await time(args(compose))) - start;
    const big = (await time(args(large))) - start;
    console.log(
      `  ${format.padEnd(9)} ${small.toFixed(0).padStart(6)} ms, ${big.toFixed(0).padStart(6)} ms: ${(big / small).toFixed(1)}x for 10x the services`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
