import { effectiveCapabilities, sortCapabilities } from '../model/capabilities.js';
import { formatSpecPath, type SpecPath } from '../model/container-spec.js';
import type { Finding } from '../model/finding.js';
import type { HostSecurity } from '../model/host.js';
import { severityRank } from '../model/severity.js';
import { knowsImageDefaults, SourceMap, type ContainerTarget, type EngineTarget } from '../model/target.js';
import { formatMessage, inProfile, type Profile, type Rule, type RuleMeta, type Violation } from '../rules/define-rule.js';
import { covers, type Suppression } from '../model/suppression.js';
import { fingerprinter } from '../secrets/classify.js';
import { SecretFormats } from '../secrets/secret-formats.js';
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
  /** The rules that were applied, after profile selection. */
  rules: Rule[];
  containers: EvaluatedContainer[];
  engine?: EvaluatedEngine;
  /** Findings an inline suppression with a reason took out of the results. */
  suppressed: Finding[];
  /** Findings about the policy itself, such as a suppression without a reason. */
  policy: Finding[];
}

export interface EvaluationInput {
  containers: readonly ContainerTarget[];
  engine?: EngineTarget;
  host: HostSecurity;
  suppressions?: readonly Suppression[];
  /** Credential formats found in this run's values (see findSecretFormats); none when absent. */
  secretFormats?: SecretFormats;
}

export interface Policy {
  profile: Profile | 'all';
}

function toFinding(rule: RuleMeta, violation: Violation, target: { id: string; name: string; sourceMap: SourceMap }): Finding {
  const location = target.sourceMap.locate(violation.path);
  return {
    ruleId: rule.id,
    severity: violation.severity ?? rule.severity,
    title: rule.title,
    target: target.name,
    targetId: target.id,
    messageId: violation.messageId,
    message: formatMessage(rule.messages[violation.messageId] ?? violation.messageId, violation.data),
    path: formatSpecPath(violation.path as SpecPath),
    ...(location && { location }),
    ...(violation.evidence && { evidence: violation.evidence }),
  };
}

function bySeverity(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

/**
 * Applies the policy (profile selection, once, here) and runs every selected
 * rule over every target. Pure: no I/O, no clock.
 */
export function evaluate({ containers, engine, host, suppressions = [], secretFormats = SecretFormats.none }: EvaluationInput, allRules: readonly Rule[], policy: Policy): Evaluation {
  const secrets = { formats: secretFormats, fingerprint: fingerprinter() };
  const rules = allRules.filter((rule) => inProfile(rule, policy.profile));
  const containerRules = rules.filter((rule) => rule.scope === 'container');
  const engineRules = rules.filter((rule) => rule.scope === 'engine');

  const suppressed: Finding[] = [];
  const evaluatedContainers = containers.map((target) => {
    const capabilities = effectiveCapabilities(target.spec);
    const context = { host, capabilities, secrets, imageDefaultsKnown: knowsImageDefaults(target.source), ...(target.observed && { observed: target.observed }) };
    const findings = containerRules
      .flatMap((rule) => rule.check(target.spec, context).map((violation) => toFinding(rule, violation, target)))
      .filter((finding) => {
        const suppression = suppressions.find((candidate) => covers(candidate, finding.ruleId, finding.location));
        if (suppression?.reason === undefined) return true;
        suppressed.push({ ...finding, suppression: { kind: 'inline', reason: suppression.reason } });
        return false;
      })
      .sort(bySeverity);
    return { target, capabilities, findings };
  });
  const policyFindings = suppressions
    .filter((suppression) => suppression.reason === undefined)
    .map((suppression) =>
      toFinding(
        SUPPRESSION_WITHOUT_REASON,
        { messageId: 'noReason', path: ['suppression'], data: { rules: suppression.rules.join(', ') } },
        { id: `${suppression.file}:${suppression.line}`, name: suppression.file, sourceMap: locatedAt(suppression) },
      ),
    );

  const evaluatedEngine = engine && {
    target: engine,
    findings: engineRules.flatMap((rule) => rule.check(engine.facts).map((violation) => toFinding(rule, violation, engine))).sort(bySeverity),
  };
  return { rules, containers: evaluatedContainers, ...(evaluatedEngine && { engine: evaluatedEngine }), suppressed, policy: policyFindings };
}

function locatedAt({ file, line, column }: Suppression): SourceMap {
  const map = new SourceMap();
  map.set(['suppression'], { file, line, column });
  return map;
}

/** Where the computed set and what the process really holds disagree. */
export function capabilityMismatch(computed: readonly string[], observed: readonly string[]): { missing: string[]; unexpected: string[] } | undefined {
  const missing = computed.filter((cap) => !observed.includes(cap));
  const unexpected = observed.filter((cap) => !computed.includes(cap));
  return missing.length || unexpected.length ? { missing: sortCapabilities(missing), unexpected: sortCapabilities(unexpected) } : undefined;
}
