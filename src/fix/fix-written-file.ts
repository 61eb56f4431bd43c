import type { Policy } from '../model/policy.js';
import type { SettingSyntax } from '../model/field-table.js';
import type { ContainerTarget } from '../model/target.js';
import { RULES } from '../rules/index.js';
import { kubernetesAdapter } from '../sources/kubernetes/kubernetes-adapter.js';
import { quadletAdapter } from '../sources/quadlet/quadlet-adapter.js';
import type { FileSourceAdapter, ReadText } from '../sources/source-adapter.js';
import type { SkippedChange } from './compose-fix.js';
import { auditForFix, unresolvedFindings, type AuditForFixOptions, type FileFixResult } from './fix-compose-file.js';
import { planFixes, type FixOptions, type FixPlan } from './fix-plan.js';
import { fixManifestText } from './manifest-fix.js';
import { fixQuadletText } from './quadlet-fix.js';

/** A writer of plans into one file's text, keeping what it does not change, and saying what it could not write. */
type Writer = (text: string, edits: readonly { target: ContainerTarget; plan: FixPlan }[]) => { text: string; skipped: SkippedChange[] };

/**
 * Fixes the containers of one file a writer rewrites in place (a manifest, a
 * Quadlet unit), then lints the result as `dockward lint` would, to check
 * that every rule the fix claims is gone.
 */
async function fixWrittenFile(
  file: string,
  read: ReadText,
  policy: Policy,
  options: Omit<FixOptions, 'form'> & AuditForFixOptions,
  { adapter, form, write }: { adapter: FileSourceAdapter; form: SettingSyntax; write: Writer },
): Promise<FileFixResult> {
  const text = read(file);
  const reading = await adapter.read([file], read);
  const targets = reading.targets.filter((target) => target.source.file === file);
  const { findingsOf, secretFormats } = await auditForFix(targets, policy, options);
  const edits = targets.map((target) => ({ target, plan: planFixes(target, findingsOf(target), RULES, { ...options, form }) }));
  const { text: fixed, skipped } = write(text, edits);
  const after = await adapter.read([file], (path) => (path === file ? fixed : read(path)));
  // What the writer skipped is a decision, said as one, and not a change made: no secret file is written for it either.
  const plans = new Map(
    edits.map(({ target, plan }): [string, FixPlan] => {
      const left = new Set(skipped.filter((item) => item.service === target.name).map((item) => item.rule));
      const written: FixPlan = { ...plan, secrets: [], changes: plan.changes.filter((change) => !left.has(change.rule)) };
      return [target.name, written];
    }),
  );
  const unresolved = await unresolvedFindings(plans, skipped, after.targets, policy, options);
  return { text, fixed, plans, skipped, unresolved, targets, secretFormats, problems: reading.problems };
}

type FileFixer = (
  file: string,
  read: ReadText,
  policy: Policy,
  options: Omit<FixOptions, 'form'> & AuditForFixOptions,
) => Promise<FileFixResult>;

/** A Kubernetes manifest: each container's securityContext. */
export const fixManifestFile: FileFixer = (file, read, policy, options) =>
  fixWrittenFile(file, read, policy, options, { adapter: kubernetesAdapter, form: 'kubernetes', write: fixManifestText });

/** A Quadlet `.container` unit: its [Container] keys. */
export const fixQuadletFile: FileFixer = (file, read, policy, options) =>
  fixWrittenFile(file, read, policy, options, {
    adapter: quadletAdapter,
    form: 'quadlet',
    write: (text, edits) => {
      const skipped: SkippedChange[] = [];
      let fixed = text;
      // One container per unit; each edit is applied to what the one before it wrote.
      for (const { target, plan } of edits) {
        const result = fixQuadletText(fixed, target, plan);
        fixed = result.text;
        skipped.push(...result.skipped);
      }
      return { text: fixed, skipped };
    },
  });
