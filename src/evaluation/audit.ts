import type { Policy } from '../model/policy.js';
import type { Rule } from '../rules/define-rule.js';
import { detectSecretFormats } from '../secrets/named-values.js';
import type { SecretFormats } from '../secrets/secret-formats.js';
import { evaluate, type Evaluation, type EvaluationInput } from './evaluate.js';

export interface Audit {
  evaluation: Evaluation;
  /** The credential formats found in the targets' values, for a surface that audits again (fix checks its result). */
  secretFormats: SecretFormats;
}

/**
 * What every surface does with targets (scan and lint, watch, the
 * authorization plugin, fix, the rule tester): one credential-format pass over
 * all their values, then the rules under the policy. `stop` ends both early.
 */
export async function audit(input: Omit<EvaluationInput, 'secretFormats'>, rules: readonly Rule[], policy: Policy): Promise<Audit> {
  const secretFormats = await detectSecretFormats(input.containers, input.stop);
  return { evaluation: evaluate({ ...input, secretFormats }, rules, policy), secretFormats };
}
