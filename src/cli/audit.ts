import type { InputError } from '../errors.js';
import { evaluate, type EvaluationInput } from '../evaluation/evaluate.js';
import { buildReport, type ReportEngine } from '../evaluation/report.js';
import { RULES } from '../rules/index.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import { policyOf, type AuditSettings } from './audit-settings.js';
import type { CliIO, ReportOptions } from './options.js';
import { finish } from './output.js';

export interface AuditScope {
  /** False when filters (--name, --label, --id, --running) left some containers out. */
  complete: boolean;
}

/**
 * What every auditing command does once its sources are read: one
 * credential-format pass over all values, the rules and the policy, the
 * report, the history, the output and the exit code.
 */
export async function auditAndReport(
  input: Omit<EvaluationInput, 'secretFormats'>,
  engine: ReportEngine,
  problems: readonly InputError[],
  settings: AuditSettings,
  scope: AuditScope,
  options: ReportOptions,
  io: CliIO,
): Promise<number> {
  const secretFormats = await detectSecretFormats(input.containers);
  const evaluation = evaluate({ ...input, secretFormats }, RULES, policyOf(settings, scope.complete));
  const report = buildReport(evaluation, engine, {
    profile: settings.profile,
    version: io.version,
    ...(settings.config && { configFile: settings.config.file }),
    ...(settings.baseline && { baselineFile: settings.baseline.file }),
  });
  if (options.save) {
    const { saveToHistory } = await import('./history-command.js');
    await saveToHistory(report, options, io);
  }
  return finish(report, evaluation, [...settings.configProblems, ...problems], settings, options, io);
}
