import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { readInputStream } from '../files/input-file.js';
import { quadletUnitFolders } from '../sources/quadlet/quadlet-adapter.js';
import { readLintInput, readStandardInput } from '../sources/discovery/read-files.js';
import { fileSource } from '../sources/registry.js';
import { addReading, readNamedText } from '../sources/source-adapter.js';
import { InputError, UsageError } from '../errors.js';
import { SUPPRESSION_WITHOUT_REASON } from '../evaluation/suppression-rule.js';
import type { Suppression } from '../model/suppression.js';
import { RULES } from '../rules/index.js';
import { unknownRule } from '../rules/unknown-rule.js';
import { auditAndReport } from './audit.js';
import { resolveAuditSettings } from './audit-settings.js';
import type { CliIO, ReportOptions } from './options.js';

export interface LintOptions extends ReportOptions {
  /** --compose-file: merged in order into one project. */
  composeFile?: string[];
  run?: string;
  /** The name standard input (`-`) is read as, for its kind and its locations. */
  stdinFilename?: string;
  /** --quadlet: the Quadlet units installed on this host as well. */
  quadlet?: boolean;
}

/** A suppression of a rule that does not exist suppresses nothing: a typo, or a rule renamed since. */
function unknownSuppressedRules(suppressions: readonly Suppression[]): InputError[] {
  const known = new Set(['all', SUPPRESSION_WITHOUT_REASON.id, ...RULES.map((rule) => rule.id)]);
  return suppressions.flatMap(({ file, line, column, rules }) =>
    rules
      .filter((rule) => !known.has(rule))
      .map((rule) => new InputError({ file, line, column }, `dockward-ignore: ${unknownRule(known, rule)}`)),
  );
}

/** The Quadlet unit folders this host has, for root and for the user running lint. */
function installedQuadletFolders(): string[] {
  return quadletUnitFolders(process.env, homedir()).filter((folder) => existsSync(folder));
}

/** The path that stands for standard input, as in most command-line tools. */
const STDIN_PATH = '-';

/** Where findings of `--run` point: the command line itself. */
export const INLINE_RUN_FILE = '--run';

/**
 * `dockward lint [PATH…]`: Compose files, Kubernetes manifests, Quadlet units,
 * docker and podman run lines in scripts, Makefiles, Markdown and CI YAML,
 * and inspect JSON, all through the same rules.
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: CliIO): Promise<number> {
  const settings = await resolveAuditSettings(options);
  const composeFiles = options.composeFile ?? [];
  const inline = options.run === undefined ? [] : (await readNamedText(fileSource('shell'), INLINE_RUN_FILE, options.run)).targets;
  if (options.run !== undefined && inline.length === 0) throw new UsageError('--run needs a docker run or podman run (or create) command');
  const fromStdin = paths.includes(STDIN_PATH);
  const named = paths.filter((path) => path !== STDIN_PATH);
  const installed = options.quadlet === true ? installedQuadletFolders() : [];
  // With no paths, the current folder, unless --compose-file, --run, --quadlet or - already say what to audit.
  const saidElsewhere = composeFiles.length > 0 || options.run !== undefined || options.quadlet === true;
  const walked = [...(named.length > 0 || fromStdin ? named : saidElsewhere ? [] : ['.']), ...installed];
  const input = await readLintInput(walked, { adapter: fileSource('compose'), files: composeFiles });
  if (options.quadlet === true && installed.length === 0)
    input.notes.push(`--quadlet: no Quadlet unit folder on this host (${quadletUnitFolders(process.env, homedir()).join(', ')})`);
  if (fromStdin) addReading(input, await readStandardInput(await readInputStream(process.stdin), options.stdinFilename));
  else if (options.stdinFilename !== undefined) throw new UsageError('--stdin-filename names standard input: give - as a path too');
  input.problems.push(...unknownSuppressedRules(input.suppressions));
  // A file read for another (a volume unit a container names, then on its own) is listed once.
  const files = [...new Set(options.run === undefined ? input.files : [INLINE_RUN_FILE, ...input.files])];
  return auditAndReport(
    { containers: [...inline, ...input.targets], host: {}, suppressions: input.suppressions },
    { source: 'lint', files, ...(input.notes.length > 0 && { notes: input.notes }) },
    input.problems,
    settings,
    { complete: true },
    options,
    io,
  );
}
