import { Argument, Command, CommanderError, Option } from 'commander';
import { DockwardError, errorMessage } from '../errors.js';
import { SEVERITIES } from '../model/severity.js';
import { FORMATS } from '../reporters/formats.js';
import { PROFILES } from '../model/profile.js';
import { terminalSafe } from '../reporters/escape.js';
import { ExitCode } from './exit-codes.js';
import type { RulesOptions } from './rules-command.js';
import type { AuthzServeOptions } from './authz-command.js';
import type { FixCommandOptions } from './fix-command.js';
import type { HistoryOptions } from './history-command.js';
import type { LintOptions } from './lint-command.js';
import type { CliIO } from './options.js';
import type { ScanOptions } from './scan-command.js';
import type { WatchCommandOptions } from './watch-command.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const PROFILE_CHOICES = [...PROFILES, 'all'];

const profileOption = () =>
  new Option(
    '-p, --profile <profile>',
    'rule set: recommended (default), cis, baseline, restricted (Pod Security Standards levels) or all',
  ).choices(PROFILE_CHOICES);
/** -f/--format, spelled the same on every command that reports. */
const formatOption = (choices: readonly string[], description = 'output format') =>
  new Option('-f, --format <format>', description).choices(choices).default(choices[0]);
const configOption = () => new Option('--config <file>', 'configuration file (default: .dockward.yaml in this folder or a parent)');

/** The options every auditing command shares: format, output, threshold, profile, policy and history. */
function withReportOptions(command: Command): Command {
  return command
    .addOption(formatOption(FORMATS))
    .option('-o, --output <file>', 'write the report to a file instead of stdout (- for stdout)')
    .option('-q, --quiet', 'findings only: no summary line, no progress, no note of where the report went')
    .option('--severity <list>', 'show only findings of these severities, comma-separated (--fail-on still judges all)')
    .option('--no-color', 'no colour, as NO_COLOR=1')
    .option('--disable-rule <rule>', 'turn this rule off (repeatable)', collect)
    .option('--enable-rule <rule>', 'turn this rule on, whatever the profile (repeatable)', collect)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unwaived finding is at or above this severity (default: high)').choices([
        ...SEVERITIES,
        'none',
      ]),
    )
    .addOption(profileOption())
    .addOption(configOption())
    .option('--baseline <file>', 'report only findings that are not in this earlier JSON report')
    .option('--save', 'record the scan in the history database')
    .option('--db <file|url>', 'history database: a file, or postgresql://… (default: $XDG_STATE_HOME/dockward/history.db)');
}

/** Which engines a command reads (scan, baseline, watch): any number of them, together. */
function withEngineOptions(command: Command, verb: string): Command {
  return command
    .option(
      '-H, --host <url>',
      `engine to ${verb} (unix://, tcp://, ssh://; repeatable, engines are read together); default: DOCKER_HOST, then the docker context`,
      collect,
    )
    .option('--context <name>', `${verb} the engine of this docker context (repeatable)`, collect)
    .option('--all-contexts', `${verb} the engine of every docker context (docker context ls)`);
}

/** What a live scan or an inspect file audits, for scan and baseline. */
function withScanSourceOptions(command: Command): Command {
  return withEngineOptions(command, 'audit')
    .option('--inspect <file>', 'audit the JSON that docker inspect printed instead of a live engine (- for stdin)')
    .option('--running', 'audit running containers only (default: all, stopped and created included)')
    .option('--name <name>', 'only containers (and Swarm services) with this name; * is a wildcard (repeatable)', collect)
    .option('--label <key[=value]>', 'only those with this label (repeatable)', collect)
    .option('--id <prefix>', 'only those whose id starts with this (repeatable)', collect)
    .option('--allow-empty', 'a --name, --label or --id that matches nothing is not an error (exit 2 otherwise)')
    .option('--concurrency <n>', 'inspect calls in flight at once on each engine', '8')
    .option('--total-concurrency <n>', 'inspect calls in flight at once over all engines', '32');
}

type SetExitCode = (code: number) => void;

/** scan and lint: what every audit reports, from a live engine or from files. */
function addAuditCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  withScanSourceOptions(withReportOptions(program.command('scan')))
    .description('audit every container of a Docker Engine, or the output of docker inspect')
    .option('--show-caps', "show each container's effective capabilities in the table")
    .action(async (options: ScanOptions) => {
      // Loaded on use, so --version and --help do not pay for the Docker client.
      const { runScan } = await import('./scan-command.js');
      setExitCode(await runScan(options, io));
    });
  withReportOptions(program.command('lint'))
    .description(
      'audit Compose files, Kubernetes manifests, Quadlet units, docker and podman run lines in scripts, Makefiles, Markdown and ' +
        'CI YAML, and inspect JSON',
    )
    .argument('[paths...]', 'files or folders (default: the current folder); - for standard input')
    .option(
      '--compose-file <file>',
      'Compose files to merge in order into one project, as docker compose -f merges them (repeatable)',
      collect,
    )
    .option('--run <command>', 'audit one docker run or podman run command given inline')
    .option(
      '--quadlet',
      "also audit the Quadlet units installed on this host (/etc/containers/systemd and the other folders Podman's generator reads)",
    )
    .option('--stdin-filename <name>', 'with - as a path: the name standard input is read as (its kind, and where findings point)')
    .action(async (paths: string[], options: LintOptions) => {
      const { runLint } = await import('./lint-command.js');
      setExitCode(await runLint(paths, options, io));
    });
}

/** fix: hardened Compose files, docker run lines and live containers. */
function addFixCommand(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command('fix')
    .description(
      'write the fix: a diff of hardened Compose files (--write applies it), a hardened docker run command, or a live container ' +
        'recreated hardened',
    )
    .argument('[files...]', 'Compose files')
    .option('--write', 'apply the changes to the files instead of printing a diff')
    .option('--run <command>', 'print this docker run command hardened')
    .option('--container <name>', 'print the docker run command that recreates this live container hardened')
    .addOption(
      new Option('-f, --format <format>', 'for --container: a docker run command, or a Compose service').choices(['run', 'compose']),
    )
    .option('--bind-address <ip>', 'bind published ports to this address (without it, rebinding them is left to you)')
    .option('--add-limits', 'also add memory and PID limits and a bounded restart policy')
    .option('-H, --host <url>', 'engine of --container (default: DOCKER_HOST, then the docker context)')
    .addOption(profileOption())
    .addOption(configOption())
    .action(async (files: string[], options: FixCommandOptions) => {
      const { runFix } = await import('./fix-command.js');
      setExitCode(await runFix(files, options, io));
    });
}

/** watch and authz serve: the long-running surfaces that judge containers as they are made. */
function addGuardCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  withEngineOptions(program.command('watch'), 'watch')
    .description('audit containers as the engine creates, starts and execs into them, until SIGTERM or SIGINT')
    .addOption(formatOption(['table', 'json', 'text'], 'one line per finding (text: the former name of table)'))
    .option('--webhook <url>', 'also POST each finding as JSON to this URL (retried; bounded queue)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on this port')
    .option('--metrics-host <address>', 'address of the metrics server', '127.0.0.1')
    .option('--since <time>', 'replay the events since this time: Unix seconds, an RFC 3339 date or a duration (10m)')
    .option('--state <file>', 'keep the last event handled in this file, and resume from it on start')
    .addOption(profileOption())
    .addOption(configOption())
    .action(async (options: WatchCommandOptions) => {
      const { runWatch } = await import('./watch-command.js');
      setExitCode(await runWatch(options, io));
    });

  const authz = program.command('authz').description('the Docker authorization plugin that denies risky containers at create time');
  authz
    .command('serve')
    .description('serve the plugin on a unix socket until SIGTERM or SIGINT')
    .option('--socket <path>', 'where dockerd finds the plugin', '/run/docker/plugins/dockward.sock')
    .addOption(
      new Option('--mode <mode>', 'enforce: deny; audit: log what would be denied and allow')
        .choices(['enforce', 'audit'])
        .default('enforce'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'deny when a finding is at or above this severity (default: high)').choices([
        ...SEVERITIES,
        'none',
      ]),
    )
    .addOption(profileOption())
    .addOption(configOption())
    .option('-H, --host <url>', 'the engine the plugin guards, to read its named volumes (default: DOCKER_HOST, then the docker context)')
    .option('--timeout-ms <ms>', 'time budget of one decision', '500')
    .addOption(
      new Option('--fail-mode <mode>', 'what a decision that fails or runs out of time becomes')
        .choices(['closed', 'open'])
        .default('closed'),
    )
    .action(async (options: AuthzServeOptions) => {
      const { runAuthzServe } = await import('./authz-command.js');
      setExitCode(await runAuthzServe(options, io));
    });
}

/** baseline, history and diff: what earlier scans found. */
function addHistoryCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  withScanSourceOptions(program.command('baseline'))
    .description('write a baseline: a JSON report of what scan finds now, for --baseline to compare against')
    .argument('<file>', 'where to write it')
    .addOption(profileOption())
    .addOption(configOption())
    .action(async (file: string, options: ScanOptions) => {
      const { runBaseline } = await import('./scan-command.js');
      setExitCode(await runBaseline(file, options, io));
    });

  const historyFormat = () => formatOption(['table', 'json']);
  const dbOption = () =>
    new Option('--db <file|url>', 'history database: a file, or postgresql://… (default: $XDG_STATE_HOME/dockward/history.db)');
  const hostOption = () => new Option('-H, --host <url>', 'only the scans of this engine, and only its findings');
  program
    .command('history')
    .description('list the scans recorded with --save')
    .addOption(historyFormat())
    .addOption(dbOption())
    .addOption(hostOption())
    .action(async (options: HistoryOptions) => {
      const { runHistory } = await import('./history-command.js');
      setExitCode(await runHistory(options, io));
    });
  program
    .command('diff')
    .description('new, resolved and unchanged findings between two saved scans (default: the last two)')
    .argument('[old]', 'the earlier scan id (dockward history lists them)')
    .argument('[new]', 'the later scan id (default: the last)')
    .addOption(historyFormat())
    .addOption(dbOption())
    .addOption(hostOption())
    .action(async (older: string | undefined, newer: string | undefined, options: HistoryOptions) => {
      const { runDiff } = await import('./history-command.js');
      setExitCode(await runDiff(older, newer, options, io));
    });
}

/** completion, rules and explain: what dockward knows, for people and shells. */
function addCatalogueCommands(program: Command, io: CliIO, setExitCode: SetExitCode): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: string) => {
      const [{ renderCompletion }, { RULES }] = await Promise.all([import('./completion.js'), import('../rules/index.js')]);
      io.stdout.write(renderCompletion(shell, program, { explain: RULES.map((rule) => rule.id) }) ?? '');
    });

  program
    .command('rules')
    .description('list every rule: id, severity, profiles, CIS reference, title')
    .addOption(formatOption(['table', 'json']))
    .addOption(new Option('-p, --profile <profile>', 'only the rules of this profile').choices(PROFILE_CHOICES))
    .action(async (options: RulesOptions) => {
      const { runRules } = await import('./rules-command.js');
      setExitCode(runRules(options, io));
    });

  program
    .command('version')
    .description('print the version of dockward')
    .action(() => {
      io.stdout.write(`${io.version}\n`);
    });

  program
    .command('explain')
    .description('explain a rule: why it matters, an attack, the fix for docker run and Compose, the manual check')
    .argument('<rule>', 'rule id, as dockward rules lists them')
    .action(async (rule: string) => {
      const { runExplain } = await import('./rules-command.js');
      setExitCode(runExplain(rule, io));
    });
}

function buildProgram(io: CliIO, setExitCode: SetExitCode): Command {
  const program = new Command('dockward')
    .description('Audit and enforce the runtime security of Docker containers. With no command, or only options, it runs scan.')
    .version(io.version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  for (const add of [addAuditCommands, addFixCommand, addGuardCommands, addHistoryCommands, addCatalogueCommands])
    add(program, io, setExitCode);
  return program;
}

/** Options the program itself answers; any other first option belongs to scan. */
const PROGRAM_OPTIONS = new Set(['-h', '--help', '-v', '--version']);

/**
 * `dockward` alone, or with scan's options only, runs scan. scan is not
 * commander's default command because a default command takes every unknown
 * word as its argument: `dockward scna` must be an unknown command, with a suggestion.
 */
function withDefaultCommand(argv: readonly string[]): readonly string[] {
  const first = argv[0];
  return first === undefined || (first.startsWith('-') && !PROGRAM_OPTIONS.has(first)) ? ['scan', ...argv] : argv;
}

/** The one error boundary: every failure becomes a message and an exit code, never a stack trace. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.ok;
  try {
    await buildProgram(io, (code) => (exitCode = code)).parseAsync(withDefaultCommand(argv), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? ExitCode.ok
        : ExitCode.usage;
    }
    if (error instanceof DockwardError) {
      io.stderr.write(`dockward: ${error.message.split('\n').map(terminalSafe).join('\n')}\n`);
      return error.exitCode;
    }
    io.stderr.write(`dockward: internal error: ${errorMessage(error)}\nPlease report this as a bug.\n`);
    return ExitCode.internal;
  }
}
