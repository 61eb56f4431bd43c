import { writeFile } from 'node:fs/promises';
import type { Evaluation } from '../evaluation/evaluate.js';
import { describeRule, reachesThreshold, withSeverities, type Report } from '../evaluation/report.js';
import { SUPPRESSION_WITHOUT_REASON } from '../evaluation/suppression-rule.js';
import { UsageError, type InputError } from '../errors.js';
import { fileErrorReason } from '../files/input-file.js';
import { terminalSafe } from '../reporters/escape.js';
import type { ReporterContext } from '../reporters/context.js';
import type { Format } from '../reporters/formats.js';
import type { TrendPoint } from '../reporters/html.js';
import { renderGithub } from '../reporters/github.js';
import { renderJson } from '../reporters/json.js';
import { renderJunit } from '../reporters/junit.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderSarif } from '../reporters/sarif.js';
import { renderTable } from '../reporters/table.js';
import { ExitCode } from './exit-codes.js';
import type { AuditSettings } from './audit-settings.js';
import { useColor, type CliIO, type ReportOptions } from './options.js';

/** Earlier scans for the HTML trend chart, when a history database exists; never creates one. */
async function trend(report: Report, options: ReportOptions, io: CliIO): Promise<TrendPoint[] | undefined> {
  const [{ existsSync }, { databasePath, isPostgresUrl, withHistory }] = await Promise.all([
    import('node:fs'),
    import('../history/history-store.js'),
  ]);
  const path = databasePath(options.db, io.env);
  if (!isPostgresUrl(path) && !existsSync(path)) return undefined;
  const points = (await withHistory(path, 'read', (store) => store.scans())).map(({ createdAt, summary }) => ({ createdAt, summary }));
  // With --save the report is in the history already.
  return options.save ? points : [...points, { createdAt: new Date().toISOString(), summary: report.summary }];
}

/** Where the report goes: a file named by --output, else standard output (also for `-o -`). */
function outputFile(options: ReportOptions): string | undefined {
  return options.output === '-' ? undefined : options.output;
}

async function render(report: Report, format: Format, context: ReporterContext, options: ReportOptions, io: CliIO): Promise<string> {
  switch (format) {
    case 'html': {
      const { renderHtml } = await import('../reporters/html.js');
      const history = await trend(report, options, io);
      return renderHtml(report, { generatedAt: new Date().toISOString(), ...(history && { history }) });
    }
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
      return renderTable(report, {
        color: outputFile(options) === undefined && options.color !== false && useColor(io.stdout, io.env),
        showCapabilities: options.showCaps === true,
        summary: options.quiet !== true,
        ...(outputFile(options) === undefined &&
          io.stdout.isTTY === true &&
          io.stdout.columns !== undefined && { width: io.stdout.columns }),
      });
  }
}

/**
 * Renders and writes the report, prints input problems to stderr, and
 * returns the exit code: 2 when some input could not be read (the rest was
 * still audited), else 1 when a finding reaches --fail-on, else 0.
 */
export async function finish(
  report: Report,
  evaluation: Evaluation,
  problems: readonly InputError[],
  { format, failOn, shownSeverities }: Pick<AuditSettings, 'format' | 'failOn' | 'shownSeverities'>,
  options: ReportOptions,
  io: CliIO,
): Promise<number> {
  const shown = shownSeverities ? withSeverities(report, shownSeverities) : report;
  const appliedRules = [
    ...evaluation.rules.map((rule) => ({ ...describeRule(rule), scope: rule.scope })),
    { ...describeRule(SUPPRESSION_WITHOUT_REASON), scope: 'policy' as const },
  ];
  const rendered = await render(shown, format, { appliedRules }, options, io);
  const file = outputFile(options);
  if (file !== undefined) {
    try {
      await writeFile(file, rendered);
    } catch (error) {
      throw new UsageError(`cannot write --output ${file}: ${fileErrorReason(error)}`);
    }
    if (!options.quiet) io.stderr.write(`dockward: wrote the ${format} report to ${terminalSafe(file)}\n`);
  } else {
    io.stdout.write(rendered);
  }
  reportProblems(io, problems);
  if (problems.length > 0) return ExitCode.usage;
  return reachesThreshold(report, failOn) ? ExitCode.findings : ExitCode.ok;
}

/** Problems on stderr, one line each: a file or service name holding a newline or escape cannot fake another line. */
export function reportProblems(io: CliIO, problems: readonly { message: string }[]): void {
  for (const problem of problems) io.stderr.write(`dockward: ${terminalSafe(problem.message)}\n`);
}
