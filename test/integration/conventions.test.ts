/**
 * Issue 18: dockward behaves like the tools people already use: a closed
 * pipe, an unknown command, `version`, and -f/--format on every command that reports.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const execFileAsync = promisify(execFile);
const BIN = fileURLToPath(new URL('../../dist/bundle/main.js', import.meta.url));
let dir: string;
let compose: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-conventions-'));
  compose = join(dir, 'compose.yaml');
  // Far past the 64 KiB a pipe holds, in every format.
  const services = Array.from({ length: 300 }, (_, index) => `  s${index}:\n    image: nginx:1.27\n    privileged: true\n`).join('');
  await writeFile(compose, `services:\n${services}`);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A file of the case's own folder, so that cases never see each other's files. */
async function caseFile(folder: string, name: string, text: string): Promise<string> {
  await mkdir(join(dir, folder), { recursive: true });
  const file = join(dir, folder, name);
  await writeFile(file, text);
  return file;
}

describe('the command line', () => {
  it('ends quietly when the reader of its output goes away, as grep does (exit 141)', async () => {
    const child = spawn(process.execPath, [BIN, 'lint', compose, '-f', 'sarif'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 10`: read one chunk, then close the pipe.
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(141);
    expect(stderr).toBe('');
  });

  it('names an unknown command and suggests the one meant, exit 2', async () => {
    const { code, stderr, stdout } = await runCli(['scna']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown command 'scna'");
    expect(stderr).toContain('Did you mean scan?');
  });

  it('prints its version with `version` as with --version, and says in its help what a bare dockward does', async () => {
    const [command, option, help] = await Promise.all([runCli(['version']), runCli(['--version']), runCli(['--help'])]);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(command.stdout).toBe(option.stdout);
    expect(help.stdout).toMatch(/With no command, or\s+only options, it runs scan/);
  });

  it('takes -f for --format on every command that reports', async () => {
    const lint = await runCli(['lint', compose, '-f', 'json']);
    expect((JSON.parse(lint.stdout) as { targets: unknown[] }).targets).toHaveLength(300);
    const rules = await runCli(['rules', '-f', 'json']);
    expect(Array.isArray(JSON.parse(rules.stdout))).toBe(true);
    const history = await runCli(['history', '-f', 'json', '--db', join(dir, 'missing.db')]);
    expect(history.code).toBe(2);
    expect(history.stderr).not.toContain('unknown option');
    for (const command of [['scan'], ['diff'], ['watch']]) {
      const { stdout } = await runCli([...command, '--help']);
      expect(stdout, command.join(' ')).toMatch(/-f, --format <format>/);
    }
  });

  it('groups lint findings by file, each at its line:column, and counts suppressed findings in the summary', async () => {
    const readme = join(dir, 'README.md');
    await writeFile(
      readme,
      [
        '# Run it',
        '',
        '```sh',
        'docker run --name one --privileged nginx:1.27',
        '```',
        '',
        '    docker run --name two --pid host nginx:1.27',
        '',
        '```sh',
        '# dockward-ignore host-ipc -- the shared-memory benchmark needs it',
        'docker run --name three --ipc host nginx:1.27',
        '```',
        '',
      ].join('\n'),
    );
    const { stdout } = await runCli(['lint', readme, '--fail-on', 'none', '--no-color']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(readme);
    expect(lines.find((line) => line.includes(' privileged '))).toMatch(/^ {2}4:\d+ +CRITICAL +privileged +one: /);
    expect(lines.find((line) => line.includes(' host-pid '))).toMatch(/^ {2}7:\d+ +HIGH +host-pid +two: /);
    expect(lines.find((line) => line.includes(' net-raw ') && line.includes('three:'))).toMatch(/^ {2}11:1 /);
    expect(stdout).not.toContain('host-ipc');
    expect(lines.filter(Boolean).at(-1)).toMatch(/\(and 1 suppressed\)/);
  });

  it('-q prints findings only, --severity shows some while --fail-on judges all, --no-color wins over FORCE_COLOR', async () => {
    const quiet = await runCli(['lint', compose, '-q'], { env: { FORCE_COLOR: '1' } });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toMatch(/containers audited/);
    expect(quiet.stdout).toContain('\u001b[');
    const plain = await runCli(['lint', compose, '-q', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    const shown = await runCli(['lint', compose, '-f', 'json', '--severity', 'medium,low', '--fail-on', 'critical']);
    expect(shown.code).toBe(1);
    const report = JSON.parse(shown.stdout) as { findings: { severity: string }[]; summary: Record<string, number> };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(report.findings.map((finding) => finding.severity))).toEqual(new Set(['medium']));
    expect(report.summary.critical).toBe(0);
    const bad = await runCli(['lint', compose, '--severity', 'high,urgent']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--severity takes a comma-separated list of critical, high, medium, low, info (got "high,urgent")');
  });

  it('turns rules off and on from the command line, and names a rule that does not exist', async () => {
    const rulesOf = async (args: string[]) => {
      const { stdout } = await runCli(['lint', compose, '-f', 'json', '--fail-on', 'none', ...args]);
      return new Set((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((finding) => finding.ruleId));
    };
    const usual = await rulesOf([]);
    expect(usual.has('privileged')).toBe(true);
    expect(usual.has('readonly-rootfs')).toBe(false);
    const changed = await rulesOf(['--disable-rule', 'privileged', '--enable-rule', 'readonly-rootfs']);
    expect(changed.has('privileged')).toBe(false);
    expect(changed.has('readonly-rootfs')).toBe(true);
    const unknown = await runCli(['lint', compose, '--disable-rule', 'privilegd']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--disable-rule: there is no rule "privilegd"; did you mean privileged, privileged-port? (dockward rules lists them)',
    );
  });

  it('reads standard input with lint -, named by --stdin-filename for its kind and locations', async () => {
    const markdown = '# x\n\n```sh\ndocker run --privileged nginx:1.27\n```\n';
    const named = await runCli(['lint', '-', '--stdin-filename', 'docs/README.md', '-f', 'json'], { input: markdown });
    const finding = (
      JSON.parse(named.stdout) as { findings: { ruleId: string; location: { file: string; line: number } }[] }
    ).findings.find((entry) => entry.ruleId === 'privileged');
    expect(finding?.location).toMatchObject({ file: 'docs/README.md', line: 4 });
    const unnamed = await runCli(['lint', '-', '-f', 'json'], { input: 'services:\n  web:\n    image: x\n    privileged: true\n' });
    expect(unnamed.stdout).toContain('"file": "<stdin>"');
    expect(unnamed.code).toBe(1);
    const alone = await runCli(['lint', '--stdin-filename', 'x.sh']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--stdin-filename names standard input: give - as a path too');
  });

  it('says on stderr where -o wrote the report, and takes -o - for standard output', async () => {
    const file = join(dir, 'report.sarif');
    const written = await runCli(['lint', compose, '-f', 'sarif', '-o', file, '--fail-on', 'none']);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`dockward: wrote the sarif report to ${file}\n`);
    const dashed = await runCli(['lint', compose, '-f', 'json', '-o', '-', '--fail-on', 'none']);
    expect((JSON.parse(dashed.stdout) as { targets: unknown[] }).targets).toHaveLength(300);
  });

  it('reports a suppression of a rule that does not exist, and a comment it cannot read, at their lines, exit 2', async () => {
    const file = await caseFile(
      'suppressed',
      'compose.yaml',
      'services:\n  web:\n    image: x\n    # dockward-ignore privilegd -- typo\n    privileged: true\n    # dockward-ignore=host-pid\n    pid: host\n',
    );
    const { code, stdout, stderr } = await runCli(['lint', file, '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${file}:4:5: dockward-ignore: there is no rule "privilegd"; did you mean privileged, privileged-port? (dockward rules lists them)`,
    );
    expect(stderr).toContain(`${file}:6:5: not a suppression comment dockward can read`);
    // Neither suppresses anything: both findings are still reported.
    const rules = (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((finding) => finding.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['privileged', 'host-pid']));
  });

  it('fits a terminal 80 columns wide, wrapping at spaces with a hanging indent, and leaves piped output unwrapped', async () => {
    const readme = await caseFile(
      'wide',
      'README.md',
      '```sh\ndocker run --privileged --cap-add SYS_PTRACE -p 8080:80 -e DB_PASSWORD=S3cr3t-Pa55w0rd nginx:1.27\n```\n',
    );
    // script(1), from util-linux, runs the command on a pseudo-terminal of its own.
    const command = `stty cols 80 rows 40; ${process.execPath} ${BIN} lint ${readme} --fail-on none`;
    const { stdout } = await execFileAsync('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'dumb' },
    });
    const lines = stripVTControlCharacters(stdout.replaceAll('\r', '')).split('\n');
    expect(stdout).toContain('\u001b['); // a terminal: coloured
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const start = lines.findIndex((line) => / CRITICAL +privileged /.test(line));
    const messageColumn = lines[start]?.indexOf('nginx:1.27: ') ?? -1;
    expect(messageColumn).toBeGreaterThan(0);
    expect(lines[start + 1]).toMatch(new RegExp(`^ {${messageColumn}}\\S`));
    const piped = await runCli(['lint', readme, '--fail-on', 'none']);
    expect(piped.stdout.split('\n').some((line) => line.length > 80)).toBe(true);
  });

  it('shows in the table every finding its summary counts, a suppression without a reason included (issue 18)', async () => {
    const file = await caseFile(
      'unreasoned',
      'compose.yaml',
      'services:\n  web:\n    image: x\n    # dockward-ignore privileged\n    privileged: true\n',
    );
    const { stdout } = await runCli(['lint', file, '--no-color', '--fail-on', 'none']);
    const counted = Number(/(\d+) findings/.exec(stdout)?.[1]);
    const shown = stdout.split('\n').filter((line) => /^ {2}\d+:\d+ +(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(line));
    expect(shown).toHaveLength(counted);
    expect(shown.some((line) => line.includes('suppression-without-reason'))).toBe(true);
  });
});
