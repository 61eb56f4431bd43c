import { lstat, readlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { createTwoFilesPatch } from 'diff';
import { InputError, UsageError } from '../errors.js';
import { readInputText, fileErrorReason } from '../files/input-file.js';
import type { SkippedChange } from '../fix/compose-fix.js';
import { fixComposeFile } from '../fix/fix-compose-file.js';
import { fixContainer } from '../fix/fix-container.js';
import type { FixOptions, FixPlan } from '../fix/fix-plan.js';
import { fixRunLine, type FixFlowOptions, type FixOutput } from '../fix/fix-run-line.js';
import { MASK, secretMasker } from '../fix/mask-secrets.js';
import { terminalSafe } from '../reporters/escape.js';
import { policyOf } from '../config/build-policy.js';
import { resolveAuditSettings, type AuditSettings } from './audit-settings.js';
import { connectEngine } from './connect-engine.js';
import { ExitCode } from './exit-codes.js';
import { reportProblems } from './output.js';
import type { CliIO } from './options.js';

export interface FixCommandOptions {
  write?: boolean;
  run?: string;
  container?: string;
  format?: string;
  bindAddress: string;
  addLimits?: boolean;
  host?: string;
  profile?: string;
  config?: string;
}

function noteMasked(io: CliIO, masked: boolean): void {
  if (masked)
    io.stderr.write(
      `dockward: secret values are shown as ${MASK}; put them back from where you keep them, or better, move them into secret files\n`,
    );
}

function fixOptions(options: FixCommandOptions): Omit<FixOptions, 'form'> {
  if (isIP(options.bindAddress) === 0)
    throw new UsageError(`--bind-address must be an IP address (got "${terminalSafe(options.bindAddress)}")`);
  return { bindAddress: options.bindAddress, addLimits: options.addLimits === true };
}

/** What was changed, and what is left to a person, on stderr: stdout carries the diff, the command or the file. */
function explain(io: CliIO, subject: string, plan: FixPlan, skipped: readonly SkippedChange[]): void {
  const lines = [
    ...plan.changes.map(({ rule, change }) => `  fixed      ${rule}: ${change}`),
    ...[...plan.decisions, ...skipped].map((item) => `  decide     ${item.rule}: ${item.message}`),
    ...(plan.capabilities?.why ?? []).map((why) => `  why        ${why}`),
  ];
  if (lines.length > 0) io.stderr.write(`${terminalSafe(subject)}\n${lines.map(terminalSafe).join('\n')}\n`);
}

async function fixFile(file: string, options: FixCommandOptions, settings: AuditSettings, io: CliIO): Promise<InputError[]> {
  const read = (path: string) => {
    try {
      return readInputText(path);
    } catch (error) {
      if (path !== file) throw error;
      throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
    }
  };
  const result = await fixComposeFile(file, read, policyOf(settings, true), flowOptions(options, settings));
  for (const [name, plan] of result.plans) {
    explain(
      io,
      `${file}: ${name}`,
      plan,
      result.skipped.filter((item) => item.service === name),
    );
    const left = result.unresolved.get(name);
    if (left) io.stderr.write(`  not resolved, change by hand: ${left.join(', ')}\n`);
  }
  if (result.fixed === result.text) return result.problems;
  if (options.write) {
    const notWritten = await writeFixed(file, result.fixed);
    if (notWritten) return [...result.problems, notWritten];
    io.stderr.write(`dockward: wrote ${file}\n`);
  } else {
    // The diff shows the lines a secret leaves; the value itself is masked.
    const mask = await secretMasker([result.text, result.fixed], result.targets, result.secretFormats);
    const [before, after] = [mask(result.text), mask(result.fixed)];
    io.stdout.write(
      createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''),
    );
  }
  return result.problems;
}

/**
 * Writes a fixed file in place. A link is not followed: writing through it would change a file
 * elsewhere (outside the repository, perhaps) while saying the link was written.
 */
async function writeFixed(file: string, text: string): Promise<InputError | undefined> {
  try {
    if ((await lstat(file)).isSymbolicLink()) {
      return new InputError({ file }, `is a link to ${await readlink(file)}: fix --write changes files, not links (fix that file itself)`);
    }
    await writeFile(file, text);
    return undefined;
  } catch (error) {
    return new InputError({ file }, `cannot write the fixed file (${fileErrorReason(error)})`);
  }
}

function flowOptions(options: FixCommandOptions, settings: AuditSettings): FixFlowOptions {
  return { ...fixOptions(options), secretFingerprint: settings.secretFingerprint };
}

/** A flow's explanations and masking note on stderr, its text for stdout. */
function shown(io: CliIO, output: FixOutput): string {
  for (const { subject, plan, skipped } of output.subjects) explain(io, subject, plan, skipped);
  noteMasked(io, output.masked);
  return output.text;
}

async function fixLiveContainer(name: string, options: FixCommandOptions, settings: AuditSettings, io: CliIO): Promise<string> {
  const engine = await connectEngine(options.host, io);
  const raw = await engine.inspectContainer(name);
  if (raw === undefined) throw new UsageError(`there is no container "${terminalSafe(name)}" at ${engine.endpoint.url}`);
  const format = options.format === 'compose' ? 'compose' : 'run';
  return shown(io, await fixContainer(raw, engine.endpoint.url, policyOf(settings, true), { ...flowOptions(options, settings), format }));
}

/**
 * `dockward fix`: a unified diff of hardened Compose files (written with
 * --write), a hardened docker run command (--run), or the command or Compose
 * service that recreates a live container hardened (--container).
 */
export async function runFix(files: readonly string[], options: FixCommandOptions, io: CliIO): Promise<number> {
  const sources = [files.length > 0, options.run !== undefined, options.container !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError("fix takes Compose files, or --run 'docker run …', or --container NAME (one of them)");
  if (options.format !== undefined && options.format !== 'run' && options.format !== 'compose')
    throw new UsageError(`--format must be run or compose (got "${options.format}")`);
  if (options.format === 'compose' && options.container === undefined) throw new UsageError('--format compose applies to --container');
  const settings = await resolveAuditSettings({
    format: 'table',
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  reportProblems(io, settings.configProblems);
  if (options.run !== undefined)
    io.stdout.write(shown(io, await fixRunLine(options.run, policyOf(settings, true), flowOptions(options, settings))));
  else if (options.container !== undefined) io.stdout.write(await fixLiveContainer(options.container, options, settings, io));
  else {
    const problems: InputError[] = [];
    for (const file of files) problems.push(...(await fixFile(file, options, settings, io)));
    reportProblems(io, problems);
    if (problems.length > 0) return ExitCode.usage;
  }
  return settings.configProblems.length > 0 ? ExitCode.usage : ExitCode.ok;
}
