import type { InputError } from '../errors.js';
import { evaluate, type EvaluationInput } from '../engine/evaluate.js';
import { buildReport, type ReportEngine } from '../engine/report.js';
import type { Profile } from '../rules/define-rule.js';
import { RULES } from '../rules/index.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import type { CliIO, ReportOptions } from './options.js';
import { finish } from './output.js';

/**
 * What every auditing command does once its sources are read: one
 * credential-format pass over all values, the rules, the report, the output
 * and the exit code.
 */
export async function auditAndReport(
  input: Omit<EvaluationInput, 'secretFormats'>,
  engine: ReportEngine,
  problems: readonly InputError[],
  profile: Profile | 'all',
  options: ReportOptions,
  io: CliIO,
): Promise<number> {
  const secretFormats = await detectSecretFormats(input.containers);
  const evaluation = evaluate({ ...input, secretFormats }, RULES, { profile });
  return finish(buildReport(evaluation, engine, profile, io.version), evaluation, problems, options, io);
}
