import type { Policy } from '../model/policy.js';
import { RULES } from '../rules/index.js';
import { kubernetesAdapter } from '../sources/kubernetes/kubernetes-adapter.js';
import type { ReadText } from '../sources/source-adapter.js';
import { auditForFix, unresolvedFindings, type AuditForFixOptions, type FileFixResult } from './fix-compose-file.js';
import { planFixes, type FixOptions, type FixPlan } from './fix-plan.js';
import { fixManifestText } from './manifest-fix.js';

/** Fixes the containers of one manifest file, then lints the result as `dockward lint` would, to check that every rule the fix claims is gone. */
export async function fixManifestFile(
  file: string,
  read: ReadText,
  policy: Policy,
  options: Omit<FixOptions, 'form'> & AuditForFixOptions,
): Promise<FileFixResult> {
  const text = read(file);
  const reading = await kubernetesAdapter.read([file], read);
  const { findingsOf, secretFormats } = await auditForFix(reading.targets, policy, options);
  const edits = reading.targets.map((target) => ({
    target,
    plan: planFixes(target, findingsOf(target), RULES, { ...options, form: 'kubernetes' }),
  }));
  const { text: fixed, skipped } = fixManifestText(text, edits);
  const after = await kubernetesAdapter.read([file], (path) => (path === file ? fixed : read(path)));
  // What the writer skipped is a decision, said as one, and not a change made: no secret file is written for it either.
  const plans = new Map(
    edits.map(({ target, plan }): [string, FixPlan] => {
      const left = new Set(skipped.filter((item) => item.service === target.name).map((item) => item.rule));
      const written: FixPlan = { ...plan, secrets: [], changes: plan.changes.filter((change) => !left.has(change.rule)) };
      return [target.name, written];
    }),
  );
  const unresolved = await unresolvedFindings(plans, skipped, after.targets, policy, options);
  return { text, fixed, plans, skipped, unresolved, targets: reading.targets, secretFormats, problems: reading.problems };
}
