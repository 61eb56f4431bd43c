import { lstat, readlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isAbsolute, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { InputError, UsageError } from '../errors.js';
import { readInputText, fileErrorReason } from '../files/input-file.js';
import type { SkippedChange } from '../fix/compose-fix.js';
import { fixComposeFile } from '../fix/fix-compose-file.js';
import { fixManifestFile, fixQuadletFile } from '../fix/fix-written-file.js';
import { composeAdapter } from '../sources/compose/compose-adapter.js';
import { kubernetesAdapter } from '../sources/kubernetes/kubernetes-adapter.js';
import { quadletAdapter } from '../sources/quadlet/quadlet-adapter.js';
import { fixContainer } from '../fix/fix-container.js';
import type { FixOptions, FixPlan } from '../fix/fix-plan.js';
import { fixRunLine, type FixFlowOptions, type FixOutput } from '../fix/fix-run-line.js';
import { MASK, secretMasker } from '../fix/mask-secrets.js';
import { SECRETS_FOLDER, writeSecretFiles } from '../fix/secret-files.js';
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
  bindAddress?: string;
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
  const { bindAddress } = options;
  if (bindAddress !== undefined && isIP(bindAddress) === 0)
    throw new UsageError(`--bind-address must be an IP address (got "${terminalSafe(bindAddress)}")`);
  return { ...(bindAddress !== undefined && { bindAddress }), addLimits: options.addLimits === true };
}

/**
 * What was changed, and what is left to a person, on stderr: stdout carries
 * the diff, the command or the file. True when something is left: a
 * decision, a change that had to be skipped, or one that has no effect yet.
 */
function explain(io: CliIO, subject: string, plan: FixPlan, skipped: readonly SkippedChange[]): boolean {
  const lines = [
    ...plan.changes.map(({ rule, change, mootWhile }) =>
      mootWhile === undefined
        ? `  fixed      ${rule}: ${change}`
        : `  changed    ${rule}: ${change}; no effect while ${mootWhile} stands (decide that first)`,
    ),
    ...[...plan.decisions, ...skipped].map((item) => `  decide     ${item.rule}: ${item.message}`),
    ...(plan.capabilities?.why ?? []).map((why) => `  why        ${why}`),
  ];
  if (lines.length > 0) io.stderr.write(`${terminalSafe(subject)}\n${lines.map(terminalSafe).join('\n')}\n`);
  return plan.decisions.length > 0 || skipped.length > 0 || plan.changes.some((change) => change.mootWhile !== undefined);
}

/** What fix found: input problems, and whether anything is left to a person (exit 1, as eslint --fix with problems left). */
interface FixOutcome {
  problems: InputError[];
  left: boolean;
}

async function fixFile(file: string, options: FixCommandOptions, settings: AuditSettings, io: CliIO): Promise<FixOutcome> {
  const read = (path: string) => {
    try {
      return readInputText(path);
    } catch (error) {
      if (path !== file) throw error;
      throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
    }
  };
  // A Quadlet unit by its name; a file no Compose name claims whose content is a Kubernetes manifest as one; everything else as Compose.
  const fixer =
    quadletAdapter.claimsName(file) === 'claims'
      ? fixQuadletFile
      : composeAdapter.claimsName(file) !== 'claims' && kubernetesAdapter.claimsContent(read(file), file)
        ? fixManifestFile
        : fixComposeFile;
  const result = await fixer(file, read, policyOf(settings, true), flowOptions(options, settings));
  let left = false;
  for (const [name, plan] of result.plans) {
    if (
      explain(
        io,
        `${file}: ${name}`,
        plan,
        result.skipped.filter((item) => item.service === name),
      )
    )
      left = true;
    const unresolved = result.unresolved.get(name);
    if (unresolved) io.stderr.write(`  not resolved, change by hand: ${unresolved.join(', ')}\n`);
    if (unresolved) left = true;
  }
  if (result.fixed === result.text) return { problems: result.problems, left };
  if (options.write) {
    const notWritten = await writeFixed(file, result.fixed);
    if (notWritten) return { problems: [...result.problems, notWritten], left };
    io.stderr.write(`dockward: wrote ${file}\n`);
    const secrets = await writeSecretFiles(file, result.plans, result.targets);
    for (const written of secrets.written)
      io.stderr.write(`dockward: wrote the secret file ${written} (mode 0600): rotate the value, it was exposed\n`);
    for (const kept of secrets.kept) io.stderr.write(`dockward: kept the secret file ${kept} that was there; check it holds the value\n`);
    for (const ignoreFile of secrets.ignoredIn) io.stderr.write(`dockward: added ${SECRETS_FOLDER}/ to ${ignoreFile}\n`);
  } else {
    // The diff shows the lines a secret leaves; the value itself is masked.
    const mask = await secretMasker([result.text, result.fixed], result.targets, result.secretFormats);
    const [before, after] = [mask(result.text), mask(result.fixed)];
    io.stdout.write(filePatch(file, before, after));
  }
  return { problems: result.problems, left };
}

/**
 * The diff as git apply and patch -p1 take it: paths relative to here under
 * a/ and b/, or, for a file outside this folder, its absolute path (patch
 * -p0). A changed line holding a masked secret cannot be applied as printed:
 * a line before the diff, which both tools skip, says so.
 */
function filePatch(file: string, before: string, after: string): string {
  const here = relative(process.cwd(), resolve(file));
  const [oldName, newName] = here.startsWith('..') || isAbsolute(here) ? [resolve(file), resolve(file)] : [`a/${here}`, `b/${here}`];
  const patch = createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
  const masksChange = patch.split('\n').some((line) => /^[-+][^-+]/.test(line) && line.includes(MASK));
  const note = masksChange ? `# for review only: secret values are shown as ${MASK}; apply it with dockward fix --write\n` : '';
  return note + patch;
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

/** A flow's explanations and masking note on stderr, its text on stdout; whether anything is left to a person. */
function show(io: CliIO, output: FixOutput): boolean {
  const left = output.subjects.map(({ subject, plan, skipped }) => explain(io, subject, plan, skipped)).some(Boolean);
  noteMasked(io, output.masked);
  io.stdout.write(output.text);
  return left;
}

async function fixLiveContainer(name: string, options: FixCommandOptions, settings: AuditSettings, io: CliIO): Promise<boolean> {
  const engine = await connectEngine(options.host, io);
  const raw = await engine.inspectContainer(name).finally(() => engine.close());
  if (raw === undefined) throw new UsageError(`there is no container "${terminalSafe(name)}" at ${engine.endpoint.url}`);
  const format = options.format === 'compose' ? 'compose' : 'run';
  return show(io, await fixContainer(raw, engine.endpoint.url, policyOf(settings, true), { ...flowOptions(options, settings), format }));
}

/**
 * `dockward fix`: a unified diff of hardened Compose files (written with
 * --write), a hardened docker run command (--run), or the command or Compose
 * service that recreates a live container hardened (--container).
 */
export async function runFix(files: readonly string[], options: FixCommandOptions, io: CliIO): Promise<number> {
  const sources = [files.length > 0, options.run !== undefined, options.container !== undefined].filter(Boolean).length;
  if (sources !== 1)
    throw new UsageError(
      "fix takes Compose files, Kubernetes manifests and Quadlet units, or --run 'docker run …', or --container NAME (one of them)",
    );
  if (options.format !== undefined && options.format !== 'run' && options.format !== 'compose')
    throw new UsageError(`--format must be run or compose (got "${options.format}")`);
  if (options.format === 'compose' && options.container === undefined) throw new UsageError('--format compose applies to --container');
  const settings = await resolveAuditSettings({
    format: 'table',
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.config !== undefined && { config: options.config }),
  });
  reportProblems(io, settings.configProblems);
  let left: boolean;
  if (options.run !== undefined) left = show(io, await fixRunLine(options.run, policyOf(settings, true), flowOptions(options, settings)));
  else if (options.container !== undefined) left = await fixLiveContainer(options.container, options, settings, io);
  else {
    const problems: InputError[] = [];
    left = false;
    for (const file of files) {
      const outcome = await fixFile(file, options, settings, io);
      problems.push(...outcome.problems);
      if (outcome.left) left = true;
    }
    reportProblems(io, problems);
    if (problems.length > 0) return ExitCode.usage;
  }
  if (settings.configProblems.length > 0) return ExitCode.usage;
  return left ? ExitCode.findings : ExitCode.ok;
}
