import { readLintInput } from '../sources/discovery/read-files.js';
import { fileSource } from '../sources/registry.js';
import { readNamedText } from '../sources/source-adapter.js';
import { UsageError } from '../errors.js';
import { auditAndReport } from './audit.js';
import { resolveAuditSettings } from './audit-settings.js';
import type { CliIO, ReportOptions } from './options.js';

export interface LintOptions extends ReportOptions {
  file?: string[];
  run?: string;
}

/** Where findings of `--run` point: the command line itself. */
export const INLINE_RUN_FILE = '--run';

/**
 * `dockward lint [PATH…]`: Compose files, docker run lines in scripts, Makefiles,
 * Markdown and CI YAML, and docker inspect JSON, all through the same rules.
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: CliIO): Promise<number> {
  const settings = await resolveAuditSettings(options);
  const composeFiles = options.file ?? [];
  const inline = options.run === undefined ? [] : (await readNamedText(fileSource('shell'), INLINE_RUN_FILE, options.run)).targets;
  if (options.run !== undefined && inline.length === 0) throw new UsageError('--run needs a docker run (or docker create) command');
  // With no paths, the current folder, unless -f or --run already say what to audit.
  const walked = paths.length > 0 ? paths : composeFiles.length > 0 || options.run !== undefined ? [] : ['.'];
  const input = await readLintInput(walked, { adapter: fileSource('compose'), files: composeFiles });
  const files = options.run === undefined ? input.files : [INLINE_RUN_FILE, ...input.files];
  return auditAndReport(
    { containers: [...inline, ...input.targets], host: {}, suppressions: input.suppressions },
    { source: 'lint', files },
    input.problems,
    settings,
    { complete: true },
    options,
    io,
  );
}
