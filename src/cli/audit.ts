import type { InputError } from '../errors.js';
import { audit } from '../evaluation/audit.js';
import type { EvaluationInput } from '../evaluation/evaluate.js';
import { buildReport, type ReportSource } from '../evaluation/report.js';
import { RULES } from '../rules/index.js';
import { policyOf } from '../config/build-policy.js';
import type { AuditSettings } from './audit-settings.js';
import type { CliIO, ReportOptions } from './options.js';
import { finish } from './output.js';

export interface AuditScope {
  /** False when filters (--name, --label, --id, --running) left some containers out. */
  complete: boolean;
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
  const { evaluation } = await audit(
    { ...input, secretFingerprint: settings.secretFingerprint },
    RULES,
    policyOf(settings, scope.complete),
  );
  const report = buildReport(evaluation, engine, {
    profile: settings.profile,
    version: io.version,
    ...(settings.config && { configFile: settings.config.file }),
    ...(settings.baseline && { baselineFile: settings.baseline.file }),
  });
  if (options.save) {
    const { saveToHistory } = await import('./history-command.js');
    saveToHistory(report, options, io);
  }
  return finish(report, evaluation, [...settings.configProblems, ...problems], settings, options, io);
}
