import { writeFile } from 'node:fs/promises';
import type { Evaluation } from '../engine/evaluate.js';
import { describeRule, reachesThreshold, type Report } from '../engine/report.js';
import { SUPPRESSION_WITHOUT_REASON } from '../engine/suppression-rule.js';
import { InputError, UsageError } from '../errors.js';
import { isSeverity, type Severity } from '../model/severity.js';
import type { ReporterContext } from '../reporters/context.js';
import { FORMATS, type Format } from '../reporters/formats.js';
import { renderGithub } from '../reporters/github.js';
import { renderJson } from '../reporters/json.js';
import { renderJunit } from '../reporters/junit.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderSarif } from '../reporters/sarif.js';
import { renderTable } from '../reporters/table.js';
import { DEFAULT_PROFILE, PROFILES, type Profile } from '../rules/define-rule.js';
import { ExitCode } from './exit-codes.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

/** Options every auditing command shares. */
export interface ReportOptions {
  format: string;
  output?: string;
  failOn: string;
  profile?: string;
  showCaps?: boolean;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0';
  return stream.isTTY === true;
}

export function parseProfile(value: string | undefined): Profile | 'all' {
  const profile = value ?? DEFAULT_PROFILE;
  if (profile !== 'all' && !(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile must be one of ${[...PROFILES, 'all'].join(', ')} (got "${profile}")`);
  }
  return profile as Profile | 'all';
}

export function parseReportOptions(options: ReportOptions): { format: Format; failOn: Severity | 'none'; profile: Profile | 'all' } {
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`);
  }
  if (options.failOn !== 'none' && !isSeverity(options.failOn)) {
    throw new UsageError(`--fail-on must be one of critical, high, medium, low, info, none (got "${options.failOn}")`);
  }
  return { format: options.format as Format, failOn: options.failOn as Severity | 'none', profile: parseProfile(options.profile) };
}

function render(report: Report, format: Format, context: ReporterContext, options: ReportOptions, io: CliIO): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, context);
    case 'junit':
      return renderJunit(report, context);
    case 'markdown':
      return renderMarkdown(report);
    case 'github':
      return renderGithub(report);
    case 'table':
      return renderTable(report, { color: options.output === undefined && useColor(io.stdout, io.env), showCapabilities: options.showCaps === true });
  }
}

/**
 * Renders and writes the report, prints input problems to stderr, and
 * returns the exit code: 2 when some input could not be read (the rest was
 * still audited), else 1 when a finding reaches --fail-on, else 0.
 */
export async function finish(report: Report, evaluation: Evaluation, problems: readonly InputError[], options: ReportOptions, io: CliIO): Promise<number> {
  const { format, failOn } = parseReportOptions(options);
  const appliedRules = [
    ...evaluation.rules.map((rule) => ({ ...describeRule(rule), scope: rule.scope })),
    { ...describeRule(SUPPRESSION_WITHOUT_REASON), scope: 'policy' as const },
  ];
  const rendered = render(report, format, { appliedRules }, options, io);
  if (options.output !== undefined) {
    try {
      await writeFile(options.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${options.output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else {
    io.stdout.write(rendered);
  }
  for (const problem of problems) io.stderr.write(`dockward: ${problem.message}\n`);
  if (problems.length > 0) return ExitCode.usage;
  return reachesThreshold(report, failOn) ? ExitCode.findings : ExitCode.ok;
}
