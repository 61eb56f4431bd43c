import { audit } from '../evaluation/audit.js';
import type { InputError } from '../errors.js';
import type { Finding } from '../model/finding.js';
import type { Policy } from '../model/policy.js';
import type { ContainerTarget } from '../model/target.js';
import { RULES } from '../rules/index.js';
import type { SecretFormats } from '../secrets/secret-formats.js';
import { loadComposeProject } from '../sources/compose/load-project.js';
import type { ReadText } from '../sources/source-adapter.js';
import { fixComposeText, type SkippedChange } from './compose-fix.js';
import { planFixes, resolvedFindings, type FixOptions, type FixPlan } from './fix-plan.js';

/** The rules whose remedies --add-limits applies (remedyOptIn), on whatever the profile (unless the configuration turns them off). */
const OPT_IN_RULES = RULES.filter((rule) => rule.remedyOptIn).map((rule) => rule.id);

export interface AuditForFixOptions extends Pick<FixOptions, 'addLimits'> {
  /** How findings fingerprint a secret (see AuditSettings). */
  secretFingerprint: (value: string) => string;
}

/** Findings as lint reports them, waived ones left out: a waiver is a decision already taken. */
export async function auditForFix(
  targets: readonly ContainerTarget[],
  policy: Policy,
  options: AuditForFixOptions,
): Promise<{ findingsOf: (target: ContainerTarget) => Finding[]; secretFormats: SecretFormats }> {
  const rules = options.addLimits ? { ...Object.fromEntries(OPT_IN_RULES.map((id) => [id, {}])), ...policy.rules } : policy.rules;
  const { evaluation, secretFormats } = await audit(
    { containers: targets, host: {}, secretFingerprint: options.secretFingerprint },
    RULES,
    { ...policy, ...(rules && { rules }) },
  );
  const findings = new Map(evaluation.containers.map((entry) => [entry.target, entry.findings]));
  return {
    findingsOf: (target) => findings.get(target)?.filter((finding) => !finding.waiver) ?? [],
    secretFormats,
  };
}

/** What fixing one file made of it: the text before and after, each target's plan, and what was left to a person. */
export interface FileFixResult {
  text: string;
  fixed: string;
  plans: Map<string, FixPlan>;
  skipped: SkippedChange[];
  /** Per service, rules of findings the plan claimed to resolve that linting the result still raises (a bug if ever non-empty). */
  unresolved: Map<string, string[]>;
  targets: ContainerTarget[];
  secretFormats: SecretFormats;
  problems: InputError[];
}

/**
 * Fixes the services of one Compose file, then lints the result the way
 * `dockward lint` would, to check that every rule the fix claims is gone.
 */
export async function fixComposeFile(
  file: string,
  read: ReadText,
  policy: Policy,
  options: Omit<FixOptions, 'form'> & AuditForFixOptions,
): Promise<FileFixResult> {
  const text = read(file);
  const project = loadComposeProject([file], read);
  const targets = project.targets.filter((target) => target.source.file === file);
  const { findingsOf, secretFormats } = await auditForFix(targets, policy, options);
  const plans = new Map(
    targets.map((target) => [target.name, planFixes(target, findingsOf(target), RULES, { ...options, form: 'compose' })] as const),
  );
  const { text: fixed, skipped } = fixComposeText(text, plans);

  const after = loadComposeProject([file], (path) => (path === file ? fixed : read(path)));
  const unresolved = await unresolvedFindings(plans, skipped, after.targets, policy, options);
  return { text, fixed, plans, skipped, unresolved, targets, secretFormats, problems: project.problems };
}

/** Per target, the rules of findings a plan claimed to resolve that linting the fixed text still raises (a bug if ever non-empty). */
export async function unresolvedFindings(
  plans: ReadonlyMap<string, FixPlan>,
  skipped: readonly SkippedChange[],
  after: readonly ContainerTarget[],
  policy: Policy,
  options: AuditForFixOptions,
): Promise<Map<string, string[]>> {
  const recheck = await auditForFix(after, policy, options);
  const unresolved = new Map<string, string[]>();
  for (const [name, plan] of plans) {
    const target = after.find((candidate) => candidate.name === name);
    const claimed = resolvedFindings(plan);
    // A change the writer had to skip is reported as skipped already.
    const skippedRules = new Set(skipped.filter((item) => item.service === name).map((item) => item.rule));
    const left = target
      ? [
          ...new Set(
            recheck
              .findingsOf(target)
              .filter((finding) => claimed.has(finding.fingerprint) && !skippedRules.has(finding.ruleId))
              .map((finding) => finding.ruleId),
          ),
        ]
      : [];
    if (left.length > 0) unresolved.set(name, left);
  }
  return unresolved;
}
