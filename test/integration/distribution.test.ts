import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
let dir: string;
let dockward: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-dist-'));
  // --ignore-scripts: dist is built already, and rebuilding it would pull it from under the other test files.
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root });
  const [tarball] = (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
  // Laid out as `npm install --global` lays it out, with the dependencies the package's own lockfile
  // (npm-shrinkwrap.json) pins, from npm's cache only: `npm ci` filled it with those tarballs, while
  // `npm install` of a tarball would also want registry metadata that npm ci never caches. No test
  // reaches the registry. Install scripts are skipped to keep the suite short; the one that matters,
  // better-sqlite3's build, only serves --save and history.
  const lib = join(dir, 'prefix', 'lib', 'node_modules');
  await mkdir(lib, { recursive: true });
  await run('tar', ['-xzf', join(dir, tarball ?? ''), '-C', lib]);
  await rename(join(lib, 'package'), join(lib, 'dockward'));
  await run('npm', ['ci', '--offline', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: join(lib, 'dockward'),
    maxBuffer: 16 * 1024 * 1024,
  });
  await mkdir(join(dir, 'prefix', 'bin'));
  dockward = join(dir, 'prefix', 'bin', 'dockward');
  await symlink('../lib/node_modules/dockward/dist/bundle/main.js', dockward);
}, 240_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the bundle, the schema and the lockfile, and no sources, tests or dev dependencies', async () => {
    const installed = join(dir, 'prefix', 'lib', 'node_modules', 'dockward');
    expect((await readdir(installed)).sort()).toEqual([
      'README.md',
      'dist',
      'node_modules',
      'npm-shrinkwrap.json',
      'package.json',
      'schema',
    ]);
    const modules = await readdir(join(installed, 'node_modules'));
    for (const dev of ['vitest', 'typescript', 'esbuild', 'playwright-core', 'fast-check']) expect(modules).not.toContain(dev);
  });

  it('runs from the global prefix: --version, and a lint', async () => {
    const { stdout } = await run(dockward, ['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const compose = join(dir, 'compose.yaml');
    await writeFile(compose, 'services:\n  web:\n    image: nginx\n    privileged: true\n');
    const lint = await run(dockward, ['lint', compose, '--format', 'json']).catch(
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect('code' in lint ? lint.code : 0).toBe(1);
    const { findings } = JSON.parse(lint.stdout) as { findings: { ruleId: string }[] };
    expect(findings.map((finding) => finding.ruleId)).toContain('privileged');
  });

  it('prints shell completions that complete commands, options and their values', async () => {
    const { stdout } = await run(dockward, ['completion', 'bash']);
    const script = `${stdout}
t() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _dockward; echo "\${COMPREPLY[*]}"; }
t dockward sc; t dockward scan --fo; t dockward scan --format j; t dockward authz ""; t dockward authz serve --mode a
t dockward lint -f sa; t dockward explain priv; t dockward scan -p res`;
    const { stdout: replies } = await run('bash', ['-c', script]);
    expect(replies.split('\n').slice(0, 8)).toEqual([
      'scan',
      '--format',
      'json junit',
      'serve',
      'audit',
      'sarif',
      'privileged privileged-port',
      'restricted',
    ]);
    for (const shell of ['zsh', 'fish']) expect((await run(dockward, ['completion', shell])).stdout).toContain('dockward');
  });
});
