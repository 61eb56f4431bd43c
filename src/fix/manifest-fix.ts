import { isMap, isScalar, LineCounter, parseAllDocuments, visit, type Document, type YAMLMap } from 'yaml';
import { parseSecurityOpt } from '../model/security-options.js';
import type { ContainerTarget } from '../model/target.js';
import { keepingLineEnds, layoutOf, preserveUntouched, type SkippedChange } from './compose-fix.js';
import type { FixPlan } from './fix-plan.js';

/** What a plan's security options are in a container's securityContext. */
const SECURITY_CONTEXT: Readonly<Record<string, { key: string; value: unknown }>> = {
  'no-new-privileges=true': { key: 'allowPrivilegeEscalation', value: false },
  'seccomp=runtime/default': { key: 'seccompProfile', value: { type: 'RuntimeDefault' } },
};

/** A removed option whose effect a container's own securityContext undoes, whether the option came from the container or its pod. */
const OVERRIDDEN_BY: Readonly<Record<string, string>> = { 'seccomp=unconfined': 'seccomp=runtime/default' };

/** An option as the tables above spell it, whichever separator and case it was written with (`seccomp:Unconfined`). */
function canonicalOption(option: string): string {
  const { key, value } = parseSecurityOpt(option);
  return value === undefined ? key : `${key}=${value.toLowerCase()}`;
}

/** A container's mapping and its document. */
interface WrittenContainer {
  doc: Document;
  container: YAMLMap;
}

/**
 * Every mapping of the stream that has a `name`, by where that name's value
 * starts: a target is the mapping whose name starts where its name was read.
 * Found in one pass, as a search per target made fixing a 10,000-object
 * stream take a quarter of an hour.
 */
function mappingsByNameOffset(docs: readonly Document[]): Map<number, WrittenContainer> {
  const found = new Map<number, WrittenContainer>();
  for (const doc of docs) {
    visit(doc, {
      Pair(_, pair, path) {
        const start = isScalar(pair.key) && pair.key.value === 'name' && isScalar(pair.value) ? pair.value.range?.[0] : undefined;
        const parent = path.at(-1);
        if (start !== undefined && isMap(parent) && !found.has(start)) found.set(start, { doc, container: parent });
      },
    });
  }
  return found;
}

/** The target's own mapping: the one whose `name` value starts where the target's name was read. */
function containerAt(
  containers: ReadonlyMap<number, WrittenContainer>,
  lineCounter: LineCounter,
  target: ContainerTarget,
): WrittenContainer | undefined {
  const at = target.sourceMap.locate(['name']);
  if (at?.line === undefined || at.column === undefined) return undefined;
  return containers.get((lineCounter.lineStarts[at.line - 1] ?? 0) + at.column - 1);
}

/** The container's securityContext, made when it has none. */
function securityContextOf(doc: Document, container: YAMLMap): YAMLMap | undefined {
  const existing = container.get('securityContext', true);
  if (isMap(existing)) return existing;
  if (existing !== undefined) return undefined;
  const made = doc.createNode({}) as YAMLMap;
  container.set('securityContext', made);
  return made;
}

/**
 * Writes each container's plan into a manifest, keeping its comments and
 * every line it does not change: the security options a manifest holds as
 * securityContext fields, and dropping every capability. Changes a manifest
 * writes elsewhere (resources, secrets, ports) are skipped, each saying so.
 */
export function fixManifestText(
  written: string,
  edits: readonly { target: ContainerTarget; plan: FixPlan }[],
): { text: string; skipped: SkippedChange[] } {
  return keepingLineEnds(written, (text) => {
    const layout = layoutOf(text);
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter });
    const skipped: SkippedChange[] = [];
    if (docs.some((doc) => doc.errors.length > 0) || edits.length === 0) return { text, skipped };
    const render = () => docs.map((doc) => doc.toString(layout));
    const untouched = render();
    const containers = mappingsByNameOffset(docs);
    for (const { target, plan } of edits) {
      const skip = (rule: string, message: string) => skipped.push({ service: target.name, rule, message });
      const found = containerAt(containers, lineCounter, target);
      const security = found && securityContextOf(found.doc, found.container);
      if (!found || !security) {
        for (const change of plan.changes) skip(change.rule, 'the container is not written as a mapping here: change it by hand');
        continue;
      }
      const options = [...plan.addSecurityOpts];
      for (const { option, rule } of plan.removeSecurityOpts) {
        const replacement = OVERRIDDEN_BY[canonicalOption(option)];
        if (replacement) options.push({ option: replacement, rule });
        else skip(rule, `${option} is set where fix does not write it in a manifest yet: remove it by hand`);
      }
      for (const { option, rule } of options) {
        const field = SECURITY_CONTEXT[canonicalOption(option)];
        if (field) security.set(field.key, found.doc.createNode(field.value));
        else skip(rule, `fix does not write ${option} to a manifest yet`);
      }
      if (plan.capabilities) {
        security.set(
          'capabilities',
          found.doc.createNode({ drop: ['ALL'], ...(plan.capabilities.add.length > 0 && { add: plan.capabilities.add }) }),
        );
      }
      // Written to Compose files and docker run lines, not yet to a manifest.
      const notYet = (rule: string | undefined, what: string) =>
        skip(rule ?? '*', `fix does not write ${what} to a manifest yet: change it by hand`);
      if (plan.bindPorts !== undefined) notYet(plan.rules.portBindings, `the address of a host port (${plan.bindPorts})`);
      if (plan.secrets.length > 0) notYet(plan.rules.env, 'a secret moved out of the environment');
      for (const { field } of plan.values) notYet(plan.rules[field], `the ${field} limit`);
    }
    const fixed = render();
    const changed = fixed.some((document, index) => document !== untouched[index]);
    return { text: changed ? preserveUntouched(text, untouched, fixed) : text, skipped };
  });
}
