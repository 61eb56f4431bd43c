import { readInputStream } from '../files/input-file.js';
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

/** The path that stands for standard input, as in most command-line tools. */
const STDIN_PATH = '-';

/** Where findings of `--run` point: the command line itself. */
export const INLINE_RUN_FILE = '--run';

/**
 * `dockward lint [PATH…]`: Compose files, docker run lines in scripts, Makefiles,
 * Markdown and CI YAML, and docker inspect JSON, all through the same rules.
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: CliIO): Promise<number> {
  const settings = await resolveAuditSettings(options);
  const composeFiles = options.composeFile ?? [];
  const inline = options.run === undefined ? [] : (await readNamedText(fileSource('shell'), INLINE_RUN_FILE, options.run)).targets;
  if (options.run !== undefined && inline.length === 0) throw new UsageError('--run needs a docker run or podman run (or create) command');
  const fromStdin = paths.includes(STDIN_PATH);
  const named = paths.filter((path) => path !== STDIN_PATH);
  // With no paths, the current folder, unless --compose-file, --run or - already say what to audit.
  const walked = named.length > 0 || fromStdin ? named : composeFiles.length > 0 || options.run !== undefined ? [] : ['.'];
  const input = await readLintInput(walked, { adapter: fileSource('compose'), files: composeFiles });
  if (fromStdin) addReading(input, await readStandardInput(await readInputStream(process.stdin), options.stdinFilename));
  else if (options.stdinFilename !== undefined) throw new UsageError('--stdin-filename names standard input: give - as a path too');
  input.problems.push(...unknownSuppressedRules(input.suppressions));
  const files = options.run === undefined ? input.files : [INLINE_RUN_FILE, ...input.files];
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
