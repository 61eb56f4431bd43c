import { normalizeCapability, sortCapabilities } from '../model/capabilities.js';
import type { ContainerSpec } from '../model/container-spec.js';
import { REMEDY, type Finding } from '../model/finding.js';
import { fillValue, remedyField, remedyIndex, type Remedy } from '../model/remedy.js';
import { fixIn, type RuleMeta } from '../rules/define-rule.js';
import { isTableField, type SettingSyntax, type TableField } from '../model/field-table.js';
import { imageNeeds } from './image-needs.js';
import { fileVariableFor, secretNameFor } from '../model/secret-files.js';
import { secretFileOf } from './secret-files.js';

export interface FixOptions {
  /** The address published ports are bound to. */
  /** --bind-address; without it, rebinding published ports is a decision. */
  bindAddress?: string;
  /** Also apply the remedies rules offer only on request (remedyOptIn): memory and PID limits, a bounded restart policy. */
  addLimits: boolean;
  /** What the fix is written as, so that decisions quote the matching form of each rule's fix. */
  form: SettingSyntax;
}

/** A secret moved out of the environment. Its name comes from the service and the variable, never from the value. */
export interface PlannedSecret {
  variable: string;
  secret: string;
  /** `<variable>_FILE`, which the image reads instead of the variable. */
  fileVariable: string;
}

/** What `fix` changes for one container or service, and what it leaves to a person. */
export interface FixPlan {
  bindPorts?: string;
  /** Security options as written that a finding's remedy removes, with that finding's rule. */
  removeSecurityOpts: { option: string; rule: string }[];
  /** Security options a remedy sets, in docker run's `key=value` form. */
  addSecurityOpts: { option: string; rule: string }[];
  capabilities?: { add: string[]; why: string[] };
  replaceLinks?: true;
  secrets: PlannedSecret[];
  /** Secret variables the image cannot read from a file: a command line passes them through from the caller's environment instead. */
  passThrough: string[];
  /** Fields set to one value (a memory size, a PID count, a restart policy). */
  values: { field: TableField; value: string | number }[];
  /** The rule whose finding planned each field's change, for what a writer has to skip. */
  rules: Partial<Record<TableField, string>>;
  /**
   * One line per change, with the rule it resolves and the fingerprints of the
   * findings it makes go away; `mootWhile` names a decision left open that
   * keeps the change from taking effect (privileged, for a seccomp option).
   */
  changes: { rule: string; change: string; resolves: string[]; mootWhile?: string }[];
  /** Findings fix does not change on its own, with the alternative to weigh. */
  decisions: { rule: string; message: string }[];
}

type Change = Exclude<Remedy, { kind: 'decide' }>;

/** A finding with the change its remedy asks for. */
interface Planned {
  finding: Finding;
  remedy: Change;
}

interface PlanContext {
  name: string;
  spec: ContainerSpec;
  plan: FixPlan;
  options: FixOptions;
  decide(finding: Finding, extra?: string): void;
}

/** The capabilities to add back after dropping ALL, and why each group is there. */
function neededCapabilities(spec: ContainerSpec): { add: string[]; why: string[] } {
  const why: string[] = [];
  const add = new Set<string>();
  const kept = (spec.capAdd ?? []).map(normalizeCapability).filter((cap) => cap !== 'ALL');
  if (kept.length > 0) why.push(`${kept.join(', ')}: added by the service already`);
  for (const cap of kept) add.add(cap);
  const needs = imageNeeds(spec.image);
  if (needs && needs.capabilities.length > 0) why.push(`${needs.capabilities.join(', ')}: ${needs.image}: ${needs.why}`);
  for (const cap of needs?.capabilities ?? []) add.add(cap);
  const lowPorts = (spec.portBindings ?? [])
    .filter((binding) => Number.parseInt(binding.containerPort, 10) < 1024)
    .map((binding) => binding.containerPort);
  if (lowPorts.length > 0 && !add.has('NET_BIND_SERVICE')) why.push(`NET_BIND_SERVICE: it listens on ${lowPorts.join(', ')}, below 1024`);
  if (lowPorts.length > 0) add.add('NET_BIND_SERVICE');
  if (!needs)
    why.push(
      `${spec.image ?? 'the image'} is not in dockward's table of official images: start it and watch for "operation not permitted"; ` +
        'entrypoints that step down from root usually need CHOWN, SETGID and SETUID',
    );
  return { add: sortCapabilities(add), why };
}

const rulesOf = (planned: readonly Planned[]) => [...new Set(planned.map(({ finding }) => finding.ruleId))].join(', ');
const fingerprintsOf = (planned: readonly Planned[]) => planned.map(({ finding }) => finding.fingerprint);

function change(context: PlanContext, field: TableField, planned: readonly Planned[], text: string): void {
  const rule = rulesOf(planned);
  context.plan.rules[field] ??= rule;
  context.plan.changes.push({ rule, change: text, resolves: fingerprintsOf(planned) });
}

/** Published ports bound to one address: re-binding every wildcard port resolves every finding about one. */
function planPorts(planned: readonly Planned[], context: PlanContext): void {
  const [first] = planned;
  if (first?.remedy.kind !== 'set') return;
  const address = fillValue(first.remedy.value, {
    ...(context.options.bindAddress !== undefined && { address: context.options.bindAddress }),
  });
  if (typeof address !== 'string') {
    // Binding to one address changes who can reach the service: fix does that only on the user's word.
    for (const { finding } of planned)
      context.decide(
        finding,
        'binding it to one address changes who can reach it: choose the address with --bind-address (127.0.0.1: this host only)',
      );
    return;
  }
  context.plan.bindPorts = address;
  change(context, 'portBindings', planned, `published ports bound to ${address}`);
}

/** Options a remedy points at are removed (or replaced); options a remedy sets are added once. */
function planSecurityOptions(planned: readonly Planned[], context: PlanContext): void {
  const { spec, plan } = context;
  for (const item of planned) {
    const option = spec.securityOpt?.[remedyIndex(item.remedy) ?? -1];
    if (option === undefined) continue;
    plan.removeSecurityOpts.push({ option, rule: item.finding.ruleId });
    change(context, 'securityOpt', [item], `security option ${option} removed`);
  }
  const added = new Map<string, Planned[]>();
  for (const item of planned) {
    if (item.remedy.kind === 'set' && typeof item.remedy.value === 'string')
      added.set(item.remedy.value, [...(added.get(item.remedy.value) ?? []), item]);
  }
  for (const [option, items] of added) {
    plan.addSecurityOpts.push({ option, rule: rulesOf(items) });
    change(context, 'securityOpt', items, `${option.split('=')[0] ?? option} set`);
  }
}

/** Dropping ALL means adding back what the service needs; a service that is privileged or adds ALL is a decision elsewhere. */
function planCapabilities(planned: readonly Planned[], context: PlanContext): void {
  const { spec, plan } = context;
  const dropsAll = planned.some(({ remedy }) => remedy.kind === 'set' && Array.isArray(remedy.value) && remedy.value.includes('ALL'));
  const addsAll = (spec.capAdd ?? []).some((cap) => normalizeCapability(cap) === 'ALL');
  if (!dropsAll || spec.privileged === true || addsAll) return;
  plan.capabilities = neededCapabilities(spec);
  const { add } = plan.capabilities;
  change(context, 'capDrop', planned, `every capability dropped${add.length ? `, ${add.join(', ')} added back` : ''}`);
}

function planLinks(planned: readonly Planned[], context: PlanContext): void {
  context.plan.replaceLinks = true;
  change(context, 'links', planned, 'links replaced by aliases on the default network, which Compose makes a user-defined network');
}

/** A secret leaves the environment for a file the image reads through its file variable; without one, removing it would break the service. */
function planSecrets(planned: readonly Planned[], context: PlanContext): void {
  const { spec, plan, name } = context;
  for (const item of planned) {
    const variable = spec.env?.[remedyIndex(item.remedy) ?? -1]?.name;
    if (item.remedy.kind !== 'remove' || item.remedy.into !== 'secret-file' || variable === undefined) continue;
    const secret = secretNameFor(name, variable);
    const fileVariable = fileVariableFor(spec.image, variable);
    if (fileVariable === undefined) {
      context.decide(
        item.finding,
        `${spec.image ?? 'the image'} has no file form of ${variable} that dockward knows of: ` +
          `make the application read /run/secrets/${secret}, then move the value there`,
      );
      plan.passThrough.push(variable);
      continue;
    }
    plan.secrets.push({ variable, secret, fileVariable });
    change(
      context,
      'env',
      [item],
      `${variable} moved to the secret ${secret} (${fileVariable}=/run/secrets/${secret}); ` +
        `put the value in ${secretFileOf(secret)} (fix --write does) and rotate it, it was exposed`,
    );
  }
}

/** A field set to one value, such as a suggested limit: a starting point the user tunes. */
function planValue(field: TableField) {
  return (planned: readonly Planned[], context: PlanContext): void => {
    const [first] = planned;
    if (first?.remedy.kind !== 'set') return;
    const value = fillValue(first.remedy.value, {});
    if (typeof value !== 'string' && typeof value !== 'number') return;
    context.plan.values.push({ field, value });
    change(context, field, planned, `set to ${value}: a starting point, tune it to the service`);
  };
}

/** How each field's remedies become a plan, in the order the changes are listed. */
const PLANNERS: Partial<Record<TableField, (planned: readonly Planned[], context: PlanContext) => void>> = {
  portBindings: planPorts,
  securityOpt: planSecurityOptions,
  capDrop: planCapabilities,
  links: planLinks,
  env: planSecrets,
  memory: planValue('memory'),
  pidsLimit: planValue('pidsLimit'),
  restartPolicy: planValue('restartPolicy'),
};

/**
 * Decides, from one target's findings and the remedies they carry, what fix
 * changes and what it leaves to a person. Pure: the same plan drives the
 * Compose, docker run and live-container writers.
 */
export function planFixes(
  target: { name: string; spec: ContainerSpec },
  findings: readonly Finding[],
  rules: readonly RuleMeta[],
  options: FixOptions,
): FixPlan {
  const plan: FixPlan = {
    removeSecurityOpts: [],
    addSecurityOpts: [],
    secrets: [],
    passThrough: [],
    values: [],
    rules: {},
    changes: [],
    decisions: [],
  };
  const ruleOf = (finding: Finding) => rules.find((rule) => rule.id === finding.ruleId);
  const decide = (finding: Finding, extra?: string) => {
    const rule = ruleOf(finding);
    const fix = rule && fixIn(rule, options.form);
    plan.decisions.push({
      rule: finding.ruleId,
      message: `${finding.message}${fix ? `; instead: ${fix}` : ''}${extra ? `; ${extra}` : ''}`,
    });
  };
  const byField = new Map<string, Planned[]>();
  for (const finding of findings) {
    const remedy = finding[REMEDY];
    if (remedy === undefined || (ruleOf(finding)?.remedyOptIn && !options.addLimits)) continue;
    if (remedy.kind === 'decide') decide(finding, remedy.alternative);
    else {
      const field = remedyField(remedy) ?? '';
      byField.set(field, [...(byField.get(field) ?? []), { finding, remedy }]);
    }
  }
  const context: PlanContext = { name: target.name, spec: target.spec, plan, options, decide };
  for (const [field, planner] of Object.entries(PLANNERS)) {
    const planned = byField.get(field);
    if (planned && isTableField(field)) planner(planned, context);
  }
  const overriding = rules.filter((rule) => rule.overrides && plan.decisions.some((decision) => decision.rule === rule.id));
  for (const entry of plan.changes) {
    const changed = entry.rule.split(', ');
    const moot = overriding.find((rule) => rule.overrides?.some((id) => changed.includes(id)));
    if (moot) entry.mootWhile = moot.id;
  }
  return plan;
}

/** The findings a plan claims to resolve: after the fix, linting the result must not raise them again. */
export function resolvedFindings(plan: FixPlan): Set<string> {
  return new Set(plan.changes.flatMap((change) => change.resolves));
}
