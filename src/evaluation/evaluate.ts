import { sha256 } from '../crypto/sha256.js';
import { effectiveCapabilities, sortCapabilities } from '../model/capabilities.js';
import { formatSpecPath } from '../model/container-spec.js';
import { REMEDY, SPEC_PATH, type Finding, type PolicyProblem } from '../model/finding.js';
import {
  describeWaiverTarget,
  WAIVER_LABEL_PREFIX,
  waiverHoldsInEnforcement,
  waiverTargets,
  type Enforcement,
  type Policy,
  type Waiver,
} from '../model/policy.js';
import type { HostSecurity } from '../model/host.js';
import { severityRank, type Severity } from '../model/severity.js';
import { SourceMap, type ContainerTarget, type EngineTarget } from '../model/target.js';
import {
  appliesTo,
  formatMessage,
  inProfile,
  type ContainerRule,
  type EngineRule,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type Violation,
} from '../rules/define-rule.js';
import type { Profile, RuleOptions } from '../model/profile.js';
import { covers, type Suppression } from '../model/suppression.js';
import { SecretFormats } from '../secrets/secret-formats.js';
import { unknownRule } from '../rules/unknown-rule.js';
import { SUPPRESSION_WITHOUT_REASON } from './suppression-rule.js';

export interface EvaluatedContainer {
  target: ContainerTarget;
  capabilities: string[];
  findings: Finding[];
}

export interface EvaluatedEngine {
  target: EngineTarget;
  findings: Finding[];
}

export interface Evaluation {
  /** The rules that were applied, after profile selection and the configuration's `rules`. */
  rules: readonly Rule[];
  containers: EvaluatedContainer[];
  /** Each scanned engine with its engine-level findings, in the order given. */
  engines: EvaluatedEngine[];
  /** Findings an inline suppression with a reason took out of the results. */
  suppressed: Finding[];
  /** Findings about the policy itself, such as a suppression without a reason. */
  policy: Finding[];
  /** Waivers that expired, matched nothing, or cannot apply. */
  problems: PolicyProblem[];
  /** How many findings the baseline already held, and so were left out. */
  baselineHidden: number;
}

export interface EvaluationInput {
  containers: readonly ContainerTarget[];
  /** The live engines the containers were read from: a container's host is its engine's (by `source.endpoint`). */
  engines?: readonly EngineTarget[];
  /**
   * What the host enforces for containers of no engine given here: the
   * plugin's guarded sockets, the watched engine's options. Unknown (every
   * field undefined) when absent, as for files.
   */
  host?: HostSecurity;
  suppressions?: readonly Suppression[];
  /** Credential formats found in this run's values (see detectSecretFormats); none when absent. */
  secretFormats?: SecretFormats;
  /**
   * How a secret is fingerprinted in findings: a keyed hash whose key the
   * caller chooses (DOCKWARD_FINGERPRINT_KEY, or one random key per process),
   * so that evaluation reads no environment.
   */
  secretFingerprint: (value: string) => string;
  /**
   * Asked before each rule and each finding; when it answers true, evaluate
   * throws EvaluationStopped. The plugin's time budget: evaluation itself reads no clock.
   */
  stop?: () => boolean;
  /** Set when the targets are a request being enforced: waivers then come from the configuration only. */
  enforcement?: Enforcement;
}

/** What evaluate throws when its input's `stop` says so. */
export class EvaluationStopped extends Error {
  constructor() {
    super('the evaluation was stopped before it finished');
  }
}

type Located = { id: string; name: string; sourceMap: SourceMap; engine?: string | undefined };

/** Same rule, same target, same message: the same finding, wherever its line moved. */
export function findingFingerprint(ruleId: string, target: string, messageId: string, message: string): string {
  return sha256([ruleId, target, messageId, message].join('\u0000'), 'hex').slice(0, 16);
}

/**
 * How a baseline knows a finding: by its fingerprint, and for a live engine's
 * finding by its engine too, so that `web` on one host does not hide `web` on
 * another. A baseline written before findings named their engine holds the
 * bare fingerprint, which still matches.
 */
export function baselineKey(fingerprint: string, engine: string | undefined): string {
  return engine === undefined ? fingerprint : `${engine}\u0000${fingerprint}`;
}

function toFinding(rule: RuleMeta, violation: Violation, target: Located, severity?: Severity): Finding {
  const location = target.sourceMap.locate(violation.path);
  const message = formatMessage(rule.messages[violation.messageId] ?? violation.messageId, violation.data);
  const remedy = violation.remedy ?? rule.remedy;
  return {
    ruleId: rule.id,
    severity: severity ?? violation.severity ?? rule.severity,
    title: rule.title,
    target: target.name,
    targetId: target.id,
    ...(target.engine !== undefined && { engine: target.engine }),
    messageId: violation.messageId,
    message,
    path: formatSpecPath(violation.path),
    ...(location && { location }),
    ...(violation.fix !== undefined && { fix: violation.fix }),
    ...(violation.evidence && { evidence: violation.evidence }),
    fingerprint: findingFingerprint(rule.id, target.name, violation.messageId, message),
    [SPEC_PATH]: violation.path,
    ...(remedy && { [REMEDY]: remedy }),
  };
}

function bySeverity(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

/** A rule as the policy applies it: its configured severity, if any, and options. */
interface AppliedRule<R extends Rule> {
  rule: R;
  severity?: Severity;
  options: RuleOptions;
  /** The profile that selected the rule; undefined under `all` and for a rule the configuration turns on outside the profile, which report every violation. */
  profile?: Profile;
}

/** What a policy makes of the rule catalogue. */
interface PreparedRules {
  catalogue: readonly Rule[];
  rules: readonly Rule[];
  container: AppliedRule<ContainerRule>[];
  engine: AppliedRule<EngineRule>[];
  applied: ReadonlySet<string>;
  known: ReadonlySet<string>;
}

const NO_OPTIONS: RuleOptions = Object.freeze({});

/**
 * Long-running callers (the authorization plugin, watch) evaluate one target at
 * a time under the same policy object: the rule selection is made once per
 * policy, not once per request.
 */
const preparedByPolicy = new WeakMap<Policy, PreparedRules>();

/** Profile selection, then the configuration: `off` removes a rule, a severity or options turn it on. */
function prepareRules(catalogue: readonly Rule[], policy: Policy): PreparedRules {
  const cached = preparedByPolicy.get(policy);
  if (cached?.catalogue === catalogue) return cached;
  const rules = catalogue.filter((rule) => {
    const setting = policy.rules?.[rule.id];
    if (setting?.off) return false;
    return setting !== undefined || inProfile(rule, policy.profile);
  });
  const selectedBy = policy.profile === 'all' ? undefined : policy.profile;
  const apply = <R extends Rule>(rule: R): AppliedRule<R> => {
    const setting = policy.rules?.[rule.id];
    const profile = selectedBy !== undefined && inProfile(rule, selectedBy) ? { profile: selectedBy } : {};
    if (!setting || setting.off) return { rule, options: NO_OPTIONS, ...profile };
    return { rule, ...(setting.severity && { severity: setting.severity }), options: setting.options ?? NO_OPTIONS, ...profile };
  };
  const prepared: PreparedRules = {
    catalogue,
    rules,
    container: rules.filter((rule): rule is ContainerRule => rule.scope === 'container').map(apply),
    engine: rules.filter((rule): rule is EngineRule => rule.scope === 'engine').map(apply),
    applied: new Set(rules.map((rule) => rule.id)),
    known: new Set(catalogue.map((rule) => rule.id)),
  };
  preparedByPolicy.set(policy, prepared);
  return prepared;
}

/** What every rule is told about one container: its runtime's defaults, its effective capabilities, the host, the secret formats. */
export function containerRuleContext(
  target: ContainerTarget,
  host: HostSecurity,
  secrets: RuleContext['secrets'],
  options: RuleOptions = NO_OPTIONS,
): RuleContext & { capabilities: string[] } {
  const { runtime, imageDefaultsKnown, syntax } = target.source.kind;
  return {
    target: target.name,
    host,
    runtime,
    capabilities: effectiveCapabilities(target.spec, runtime.capabilities),
    imageDefaultsKnown,
    syntax,
    secrets,
    options,
    ...(target.observed && { observed: target.observed }),
  };
}

/**
 * Every applied container rule over one target, in one context (only a rule
 * with options of its own gets a copy); findings an inline suppression with a
 * reason covers go to `suppressed`.
 */
function runContainerRules(
  target: ContainerTarget,
  located: Located,
  rules: readonly AppliedRule<ContainerRule>[],
  context: RuleContext & { capabilities: string[] },
  { suppressions, suppressed, stop }: { suppressions: readonly Suppression[]; suppressed: Finding[]; stop: () => boolean },
): { capabilities: string[]; findings: Finding[] } {
  const findings: Finding[] = [];
  for (const { rule, severity, options, profile } of rules) {
    if (stop()) throw new EvaluationStopped();
    // A setting the target's source cannot hold is not missing there (a manifest has no restart policy per container).
    if (!appliesTo(rule, context.syntax)) continue;
    for (const violation of rule.check(target.spec, options === NO_OPTIONS ? context : { ...context, options })) {
      if (stop()) throw new EvaluationStopped();
      if (violation.profiles && profile !== undefined && !violation.profiles.includes(profile)) continue;
      const finding = toFinding(rule, violation, located, severity);
      const suppression =
        suppressions.length === 0 ? undefined : suppressions.find((candidate) => covers(candidate, finding.ruleId, finding.location));
      if (suppression?.reason === undefined) findings.push(finding);
      else suppressed.push({ ...finding, suppression: { kind: 'inline', reason: suppression.reason } });
    }
  }
  return { capabilities: context.capabilities, findings };
}

/** A `# dockward-ignore` without a reason is a finding about the policy, at the comment. */
function suppressionWithoutReason(suppression: Suppression): Finding {
  return toFinding(
    SUPPRESSION_WITHOUT_REASON,
    { messageId: 'noReason', path: ['suppression'], data: { rules: suppression.rules.join(', ') } },
    { id: `${suppression.file}:${suppression.line}`, name: suppression.file, sourceMap: locatedAt(suppression) },
  );
}

/** Whether a waiver is past its last day; dates compare as YYYY-MM-DD strings. */
function isExpired(waiver: Waiver, today: string | undefined): boolean {
  return today !== undefined && waiver.expires < today;
}

/**
 * Applies the policy (profile selection, rule settings, suppressions,
 * waivers, the baseline: all once, here) and runs every selected rule over
 * every target. Pure: no I/O, no clock.
 */
export function evaluate(
  {
    containers,
    engines = [],
    host = {},
    suppressions = [],
    secretFormats = SecretFormats.none,
    secretFingerprint,
    stop = () => false,
    enforcement,
  }: EvaluationInput,
  allRules: readonly Rule[],
  policy: Policy,
): Evaluation {
  const secrets = { formats: secretFormats, fingerprint: secretFingerprint };
  const prepared = prepareRules(allRules, policy);
  const waivers = new WaiverBook(policy, prepared.applied, prepared.known, enforcement);

  const suppressed: Finding[] = [];
  const hostOf = new Map(engines.map((engine) => [engine.id, engine.facts.security]));
  const evaluatedContainers = containers.map((target) => {
    const { endpoint } = target.source;
    const context = containerRuleContext(target, (endpoint !== undefined && hostOf.get(endpoint)) || host, secrets);
    const located = { id: target.id, name: target.name, sourceMap: target.sourceMap, engine: endpoint };
    const { capabilities, findings } = runContainerRules(target, located, prepared.container, context, {
      suppressions,
      suppressed,
      stop,
    });
    const waivable = { name: target.name, labels: target.spec.labels ?? {}, image: target.spec.image };
    return { target, capabilities, findings: waivers.apply(findings, waivable).sort(bySeverity) };
  });
  const policyFindings = suppressions.filter((suppression) => suppression.reason === undefined).map(suppressionWithoutReason);

  const evaluatedEngines = engines.map((engine) => ({
    target: engine,
    findings: waivers
      .apply(
        prepared.engine.flatMap(({ rule, severity }) =>
          rule.check(engine.facts).map((violation) => toFinding(rule, violation, { ...engine, engine: engine.id }, severity)),
        ),
        { name: engine.name, labels: {} },
      )
      .sort(bySeverity),
  }));

  // The baseline goes last, so that a waiver still counts as used when the baseline hides its finding.
  let baselineHidden = 0;
  const isNew = (finding: Finding): boolean => {
    const known = policy.baseline?.keys;
    if (!known?.has(finding.fingerprint) && !known?.has(baselineKey(finding.fingerprint, finding.engine))) return true;
    baselineHidden++;
    return false;
  };
  for (const entry of [...evaluatedContainers, ...evaluatedEngines]) entry.findings = entry.findings.filter(isNew);
  return {
    rules: prepared.rules,
    containers: evaluatedContainers,
    engines: evaluatedEngines,
    suppressed,
    policy: policyFindings.filter(isNew),
    problems: waivers.problems(),
    baselineHidden,
  };
}

interface Waivable {
  name: string;
  labels: Readonly<Record<string, string>>;
  image?: string | undefined;
}

/**
 * The configuration's waivers and the targets' waiver labels, with a record
 * of which were used, so that stale and expired ones can be reported.
 */
class WaiverBook {
  readonly #used = new Set<Waiver>();
  readonly #looked = new Set<Waiver>();
  readonly #labelProblems: PolicyProblem[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly applied: ReadonlySet<string>,
    private readonly known: ReadonlySet<string>,
    private readonly enforcement: Enforcement | undefined,
  ) {}

  /** Marks the findings a waiver accepts; reports this target's waiver labels that cannot apply or matched nothing. */
  apply(findings: Finding[], target: Waivable): Finding[] {
    const { enforcement } = this;
    const live = (this.policy.waivers ?? []).filter(
      (waiver) => waiverTargets(waiver.target, target) && (!enforcement || waiverHoldsInEnforcement(waiver, enforcement)),
    );
    for (const waiver of live) this.#looked.add(waiver);
    const marked = findings.map((finding) => {
      const label = enforcement ? undefined : target.labels[`${WAIVER_LABEL_PREFIX}${finding.ruleId}`]?.trim();
      if (label) return { ...finding, waiver: { source: 'label' as const, reason: label } };
      const waiver = live.find((candidate) => candidate.rule === finding.ruleId && !isExpired(candidate, this.policy.today));
      if (!waiver) return finding;
      this.#used.add(waiver);
      return { ...finding, waiver: { source: 'config' as const, reason: waiver.reason, owner: waiver.owner, expires: waiver.expires } };
    });
    if (!enforcement) this.#checkLabels(marked, target);
    return marked;
  }

  #checkLabels(findings: readonly Finding[], target: Waivable): void {
    for (const [key, value] of Object.entries(target.labels)) {
      if (!key.startsWith(WAIVER_LABEL_PREFIX)) continue;
      const rule = key.slice(WAIVER_LABEL_PREFIX.length);
      const problem = (kind: PolicyProblem['kind'], message: string) =>
        this.#labelProblems.push({ kind, rule, target: target.name, message: `label ${key}: ${message}` });
      if (!this.known.has(rule)) problem('invalid', unknownRule(this.known, rule));
      else if (value.trim() === '') problem('invalid', 'has no reason, so it does not apply');
      else if (this.applied.has(rule) && !findings.some((finding) => finding.ruleId === rule))
        problem('stale', `${rule} reports nothing on this container any more`);
    }
  }

  problems(): PolicyProblem[] {
    const fromConfig = (this.policy.waivers ?? []).flatMap((waiver): PolicyProblem[] => {
      const about = {
        rule: waiver.rule,
        target: describeWaiverTarget(waiver.target),
        reason: waiver.reason,
        owner: waiver.owner,
        expires: waiver.expires,
        ...(waiver.location && { location: waiver.location }),
      };
      if (isExpired(waiver, this.policy.today))
        return [{ kind: 'expired', ...about, message: `expired on ${waiver.expires}, so it no longer applies` }];
      // A rule not applied in this run, or a container not looked at, says nothing about whether the waiver is still needed.
      const couldMatch = this.applied.has(waiver.rule) && (this.policy.complete !== false || this.#looked.has(waiver));
      if (couldMatch && !this.#used.has(waiver))
        return [{ kind: 'stale', ...about, message: 'matches no finding: remove it, or correct its rule or target' }];
      return [];
    });
    return [...fromConfig, ...this.#labelProblems];
  }
}

function locatedAt({ file, line, column }: Suppression): SourceMap {
  const map = new SourceMap();
  map.set(['suppression'], { file, line, column });
  return map;
}

/** Where the computed set and what the process really holds disagree. */
export function capabilityMismatch(
  computed: readonly string[],
  observed: readonly string[],
): { missing: string[]; unexpected: string[] } | undefined {
  const missing = computed.filter((cap) => !observed.includes(cap));
  const unexpected = observed.filter((cap) => !computed.includes(cap));
  return missing.length || unexpected.length ? { missing: sortCapabilities(missing), unexpected: sortCapabilities(unexpected) } : undefined;
}
