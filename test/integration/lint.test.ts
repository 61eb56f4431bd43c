import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { docker } from '../../scripts/test-engine.mjs';
import { EQUIVALENCE_FLAGS, lintRunLine } from '../support/equivalence.js';
import { runCli, type JsonFinding, type JsonReport } from '../support/cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/lint/', import.meta.url));
/** Lint from the fixtures folder, so locations are relative as a user in a repository would see them. */
async function lintJson(...args: string[]): Promise<JsonReport> {
  const result = await runCliIn(fixtures, ['lint', '--format', 'json', '--fail-on', 'none', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as JsonReport;
}
const runCliIn = (cwd: string, args: string[]) => runCli(args, { cwd });
const rows = (findings: JsonFinding[]) => findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.ruleId} ${f.target}`).sort();

describe('Compose files', () => {
  it('reads every syntax form, with each finding at its key or list item', async () => {
    const report = await lintJson('compose');
    // worker extends web, so it inherits web's ports, volumes, environment and the override's cap_add.
    // DB_PASSWORD: ${DB_PASSWORD} is written in the project's .env, so its finding points there (issue 16).
    const web = [
      'compose/.env:1 env-secret',
      'compose/app.env:3 env-secret',
      'compose/compose.override.yaml:4 dangerous-capability',
      'compose/compose.yaml:15 port-all-interfaces',
      'compose/compose.yaml:18 port-all-interfaces',
      'compose/compose.yaml:22 sensitive-host-mount',
      'compose/compose.yaml:24 docker-socket-mount',
    ];
    expect(rows(report.findings)).toEqual(
      [
        ...web.map((row) => `${row} web`),
        ...web.map((row) => `${row} worker`),
        'compose/included.yaml:7 host-network cache',
        'compose/included.yaml:7 metadata-api-exposure cache',
      ].sort(),
    );
    const secrets = report.findings.filter((f) => f.ruleId === 'env-secret' && f.target === 'web').map((f) => f.message);
    expect(secrets.sort()).toEqual([
      'environment variable DB_PASSWORD holds a password in plain text (set in .env)',
      expect.stringMatching(/ \(set in app\.env\)$/),
    ]);
  });

  it('never guesses from a value that stays unknown after interpolation', async () => {
    const report = await lintJson('compose');
    const messages = report.findings.map((f) => f.message).join('\n');
    expect(messages).not.toContain('8081'); // ${BIND_ADDRESS}:8081:81
    expect(messages).not.toContain('ADMIN_TOKEN'); // ${ADMIN_TOKEN:?…}
    expect(messages).not.toContain('/data'); // ${DATA_DIR}:/data
  });

  it('applies an inline suppression with a reason, and keeps it in the report', async () => {
    const report = await lintJson('compose');
    expect(report.findings.some((f) => f.ruleId === 'host-pid')).toBe(false);
    expect(report.suppressed.map((f) => `${f.ruleId} ${f.location?.line}`)).toEqual(['host-pid 53']);
  });

  it('merges --compose-file files in order, as docker compose -f does', async () => {
    const alone = await lintJson('--compose-file', 'compose/compose.yaml');
    expect(alone.findings.some((f) => f.ruleId === 'dangerous-capability')).toBe(false);
    const merged = await lintJson('--compose-file', 'compose/compose.yaml', '--compose-file', 'compose/compose.override.yaml');
    expect(
      merged.findings
        .filter((f) => f.ruleId === 'dangerous-capability')
        .map((f) => f.target)
        .sort(),
    ).toEqual(['web', 'worker']);
  });
});

describe('docker run lines', () => {
  it('finds them in shell scripts, Makefiles, Markdown and CI YAML, at the flag', async () => {
    const report = await lintJson('scripts', 'docs', 'ci');
    expect(rows(report.findings)).toEqual(
      [
        'ci/.github/workflows/ci.yml:10 docker-socket-mount app:1',
        'ci/.github/workflows/ci.yml:11 host-uts app:1',
        'ci/.gitlab-ci.yml:5 host-userns app:1',
        'docs/README.md:5 dangerous-capability app:1',
        'docs/README.md:9 host-ipc app:1',
        'scripts/Makefile:4 host-pid docker run',
        'scripts/deploy.sh:8 privileged builder',
        'scripts/deploy.sh:12 host-network alpine:3.20',
        'scripts/deploy.sh:12 metadata-api-exposure alpine:3.20',
        'scripts/deploy.sh:13 port-all-interfaces nginx:1.27',
        'scripts/deploy.sh:15 sensitive-host-mount alpine:3.20',
        'scripts/deploy.sh:16 selinux-disabled alpine:3.20',
        'scripts/deploy.sh:17 env-secret alpine:3.20',
      ].sort(),
    );
    const columns = report.findings
      .filter((f) => f.location?.file === 'scripts/deploy.sh' && f.location.line === 12)
      .map((f) => f.location?.column);
    expect(columns).toEqual([89, 89]);
  });

  it('audits one command given inline with --run', async () => {
    const report = await lintJson(
      '--run',
      'sudo docker run -itd --privileged=false --net host -v "$PWD":/x --security-opt seccomp:unconfined alpine',
    );
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(
      ['capabilities-not-dropped', 'host-network', 'metadata-api-exposure', 'net-raw', 'no-new-privileges', 'seccomp-unconfined'].sort(),
    );
    expect(report.findings.every((f) => f.location?.file === '--run')).toBe(true);
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dw-lint-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports each bad file with file:line and key, exits 2, and still audits the rest', async () => {
    const result = await runCliIn(fixtures, ['lint', '--format', 'json', 'errors', 'errors/notes.txt', 'scripts/Makefile', 'no/such/path']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/errors\/broken\.yaml:\d+:\d+: invalid YAML: Flow sequence/);
    expect(result.stderr).toContain('errors/compose.yaml:4:12: services.web.ports: must be a list');
    expect(result.stderr).toContain('errors/notes.txt: unknown file kind');
    expect(result.stderr).toContain('no/such/path: cannot read (ENOENT)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(rows(report.findings).filter((row) => !row.includes('no-new-privileges'))).toEqual(
      expect.arrayContaining(['errors/compose.yaml:7 privileged ok', 'scripts/Makefile:4 host-pid docker run']),
    );
  });

  it('reports a problem in a file that another extends once, when the folder walk also reads that file (issue 16)', async () => {
    const project = join(dir, 'extends');
    await mkdir(project);
    await writeFile(join(project, 'base.yaml'), 'services:\n  base:\n    image: x\n    privilege: true\n');
    await writeFile(join(project, 'compose.yaml'), 'services:\n  a:\n    extends: {file: base.yaml, service: base}\n');
    const result = await runCliIn(project, ['lint', '--format', 'json', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'dockward: base.yaml:4:5: services.base.privilege: is not a key of a Compose service (reached through compose.yaml)',
    ]);
    expect((JSON.parse(result.stdout) as JsonReport).targets.map((target) => target.name).sort()).toEqual(['a', 'base']);
  });

  it('refuses YAML whose services are in another schema when it is named, and skips it in a folder walk (issue 16)', async () => {
    const folder = join(dir, 'catalogue');
    await mkdir(folder);
    await writeFile(join(folder, 'catalog.yaml'), 'services:\n  billing:\n    description: Handles invoices\n    owner: team-a\n');
    const named = await runCliIn(folder, ['lint', 'catalog.yaml']);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('catalog.yaml: not a Compose file: its top-level services have no Compose key');
    const walked = await runCliIn(folder, ['lint', '.']);
    expect([walked.code, walked.stderr]).toEqual([0, '']);
  });

  it('reports a suppression without a reason, and does not apply it', async () => {
    const script = join(dir, 'run.sh');
    await writeFile(
      script,
      '# dockward-ignore host-pid\ndocker run --cap-drop=ALL --security-opt no-new-privileges --user 1 --pid host app\n',
    );
    const report = await lintJson(script);
    expect(rows(report.findings)).toEqual([`${script}:1 suppression-without-reason ${script}`, `${script}:2 host-pid app`]);
  });
});

describe('output formats', () => {
  const secrets = ['hunter2hunter2', 'from-dot-env-not-a-real-one', 'sk_live_51Hxxxxxxxxxxxxxxxxxxxxxxxx'];

  it.each(['table', 'json', 'sarif', 'junit', 'markdown', 'github'])('%s never shows a secret value', async (format) => {
    const result = await runCliIn(fixtures, ['lint', '--format', format, '--fail-on', 'none', 'compose', 'scripts']);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(100);
    for (const secret of secrets) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, with rules, help and security-severity', async () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv-draft-04') as new (options: object) => {
      compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
    };
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // The schema's language-tag pattern is not valid with the u flag; formats are not what is being checked.
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
    for (const args of [
      ['lint', 'compose', 'scripts'],
      ['scan', '--inspect', '-'],
    ]) {
      const input = args[0] === 'scan' ? JSON.stringify([{ Id: 'a'.repeat(64), Name: '/x', HostConfig: { Privileged: true } }]) : undefined;
      const result = await runCli([...args, '--format', 'sarif', '--fail-on', 'none'], {
        cwd: fixtures,
        ...(input !== undefined && { input }),
      });
      const sarif = JSON.parse(result.stdout) as {
        runs: [
          {
            tool: { driver: { rules: { id: string; help: { markdown: string }; properties: Record<string, unknown> }[] } };
            results: {
              ruleId: string;
              locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
              suppressions?: unknown[];
            }[];
          },
        ];
      };
      expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
      const [run] = sarif.runs;
      expect(run.tool.driver.rules.find((rule) => rule.id === 'privileged')?.properties['security-severity']).toBe('9.5');
      expect(run.tool.driver.rules.find((rule) => rule.id === 'privileged')?.help.markdown).toContain('## Attack scenario');
      if (args[0] === 'lint') {
        expect(run.results.find((r) => r.ruleId === 'privileged')?.locations[0]?.physicalLocation).toEqual({
          artifactLocation: { uri: 'scripts/deploy.sh' },
          region: { startLine: 8, startColumn: 3 },
        });
        expect(run.results.filter((r) => r.suppressions).map((r) => r.ruleId)).toEqual(['host-pid']);
      }
      // GitHub code scanning refuses a result without a physical location (issue 18).
      for (const entry of run.results) expect(entry.locations[0]?.physicalLocation?.artifactLocation.uri).toMatch(/^[\w.-]+(\/[\w.-]+)*$/);
      if (args[0] === 'scan') expect(run.results[0]?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('docker/inspect/x');
    }
  });

  it('writes JUnit with a test case per target and rule, passes included', async () => {
    const result = await runCliIn(fixtures, ['lint', '--format', 'junit', '--fail-on', 'none', 'scripts/Makefile']);
    const applied = JSON.parse((await runCli(['rules', '--format', 'json', '--profile', 'recommended'])).stdout) as { scope: string }[];
    const containerRules = applied.filter((rule) => rule.scope === 'container').length;
    expect(result.stdout).toContain(`<testsuite name="docker run" tests="${containerRules}" failures="1" skipped="0" errors="0">`);
    expect(result.stdout).toContain(
      '<testcase classname="docker run" name="host-pid"><failure message="shares the host&apos;s PID namespace (--pid=host)" type="high">',
    );
    expect(result.stdout).toMatch(/<testcase classname="docker run" name="privileged"><\/testcase>/);
  });

  it('writes Markdown for a pull request and GitHub annotations', async () => {
    const markdown = (await runCliIn(fixtures, ['lint', '--format', 'markdown', '--fail-on', 'none', 'scripts/Makefile'])).stdout;
    expect(markdown).toContain('| high | `host-pid` | docker run | scripts/Makefile:4:75 |');
    const github = (await runCliIn(fixtures, ['lint', '--format', 'github', '--fail-on', 'none', 'scripts/Makefile'])).stdout;
    expect(github).toContain(
      "::error file=scripts/Makefile,line=4,col=75,title=dockward host-pid (high)::docker run: shares the host's PID namespace (--pid=host)",
    );
  });
});

describe('one container, three sources', () => {
  const host = inject('dockerHost');
  const image = inject('testImage');
  const name = 'lint-equivalence';
  const flags = [
    '--cap-add',
    'SYS_ADMIN',
    '--cap-drop',
    'MKNOD',
    '--security-opt',
    'no-new-privileges=false',
    '--security-opt',
    'apparmor=unconfined',
    '-v',
    '/srv:/srv:rshared',
    '--tmpfs',
    '/scratch:rw,exec',
    '--device',
    '/dev/null:/dev/xnull:r',
    ...EQUIVALENCE_FLAGS,
  ];
  const compose = `services:
  ${name}:
    image: ${image}
    cap_add: [SYS_ADMIN]
    cap_drop: [MKNOD]
    user: "10001:0"
    pid: host
    network_mode: none
    security_opt: ["no-new-privileges=false", "apparmor=unconfined"]
    volumes: ["/etc:/host-etc:ro", "/srv:/srv:rshared"]
    tmpfs: ["/scratch:rw,exec"]
    environment: { DB_PASSWORD: equivalence-secret, TOKEN_URL: "https://x/token" }
    devices: ["/dev/null:/dev/xnull:r"]
    sysctls: { kernel.msgmax: "65536" }
    restart: always
    mem_limit: 64m
    pids_limit: 50
    read_only: true
    healthcheck: { disable: true }
    cgroup: host
`;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dw-equivalence-'));
    await docker(host, ['rm', '-f', name]).catch(() => undefined);
    await docker(host, ['create', '--name', name, ...flags, image]);
  });
  afterAll(async () => {
    await docker(host, ['rm', '-f', name]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * What must agree: which rule, which message, about which setting. A Compose finding names the
   * setting in Compose's words (`pid: host` for `--pid=host`), so there the message is left out.
   */
  const same = (findings: JsonFinding[], words: 'flags' | 'compose' = 'flags') =>
    findings
      .map(({ ruleId, severity, messageId, message, path }) => ({
        ruleId,
        severity,
        messageId,
        path,
        ...(words === 'flags' && { message }),
      }))
      // Code-point order: ICU collation ignores some punctuation and is not a strict total order.
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

  it('gives the same findings as a docker run line, a Compose service and docker inspect of the created container', async () => {
    const quoted = flags.map((flag) => `'${flag}'`).join(' ');
    const fromRun = await lintRunLine(`docker run --name ${name} ${quoted} ${image}`);
    const composeFile = join(dir, 'compose.yaml');
    await writeFile(composeFile, compose);
    const fromCompose = JSON.parse(
      (await runCli(['lint', '--format', 'json', '--fail-on', 'none', '--profile', 'all', composeFile])).stdout,
    ) as JsonReport;
    const inspectFile = join(dir, 'inspect.json');
    await writeFile(inspectFile, await docker(host, ['inspect', name]));
    const fromInspect = JSON.parse(
      (await runCli(['scan', '--format', 'json', '--fail-on', 'none', '--profile', 'all', '--inspect', inspectFile])).stdout,
    ) as JsonReport;

    expect(same(fromRun.findings).length).toBeGreaterThan(12);
    expect(same(fromCompose.findings, 'compose')).toEqual(same(fromRun.findings, 'compose'));
    const composeWords = fromCompose.findings
      .map((finding) => finding.message)
      .filter((message) => /pid: host|restart: always/.test(message));
    expect(composeWords).toHaveLength(2);
    expect(fromCompose.findings.map((finding) => finding.message).join('\n')).not.toMatch(/--pid|--restart|--cap-drop/);
    expect(same(fromInspect.findings)).toEqual(same(fromRun.findings));
    for (const report of [fromRun, fromCompose, fromInspect]) expect(JSON.stringify(report)).not.toContain('equivalence-secret');
  });
});
