import type { InputError } from '../errors.js';
import { audit } from '../evaluation/audit.js';
import type { EvaluationInput } from '../evaluation/evaluate.js';
import { buildReport, type EngineLeftOut, type ReportProblem, type ReportSource } from '../evaluation/report.js';
import { RULES } from '../rules/index.js';
import { policyOf } from '../config/build-policy.js';
import type { AuditSettings } from './audit-settings.js';
import type { CliIO, ReportOptions } from './options.js';
import { finish, reportProblems } from './output.js';

export interface AuditScope {
  /** False when filters (--name, --label, --id, --running) left some containers out. */
  complete: boolean;
  /** Engines of the run that could not be audited, each with its reason. */
  failedEngines?: readonly EngineLeftOut[];
}

function reportProblem({ position: { file, line, column }, message }: InputError): ReportProblem {
  return { file, ...(line !== undefined && { line }), ...(column !== undefined && { column }), message };
}

/**
 * What every auditing command does once its sources are read: the audit,
 * the report, the history, the output and the exit code.
 */
export async function auditAndReport(
  input: Omit<EvaluationInput, 'secretFormats' | 'secretFingerprint'>,
  engine: ReportSource,
  problems: readonly InputError[],
  settings: AuditSettings,
  scope: AuditScope,
  options: ReportOptions,
  io: CliIO,
): Promise<number> {
  const failedEngines = scope.failedEngines ?? [];
  // A waiver for a container on an engine that was not read says nothing about whether it is still needed.
  const { evaluation } = await audit(
    { ...input, secretFingerprint: settings.secretFingerprint },
    RULES,
    policyOf(settings, scope.complete && failedEngines.length === 0),
  );
  const report = buildReport(evaluation, engine, {
    profile: settings.profile,
    version: io.version,
    ...(settings.config && { configFile: settings.config.file }),
    ...(settings.baseline && { baselineFile: settings.baseline.file }),
    problems: [...failedEngines, ...problems.map(reportProblem)],
  });
  if (options.save) {
    const { saveToHistory } = await import('./history-command.js');
    await saveToHistory(report, options, io);
  }
  const code = await finish(report, evaluation, [...settings.configProblems, ...problems], settings, options, io);
  reportProblems(
    io,
    failedEngines.map(({ message }) => ({ message: `not audited: ${message}` })),
  );
  return code;
}
