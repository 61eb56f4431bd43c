import type { SettingSyntax } from '../model/field-table.js';
import type { Finding, PolicyProblem } from '../model/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../model/severity.js';
import type { RuleMeta } from '../rules/define-rule.js';
import type { Profile } from '../model/profile.js';
import type { EngineDescription } from '../sources/engine/engine-source.js';
import { capabilityMismatch, type EvaluatedContainer, type EvaluatedEngine, type Evaluation } from './evaluate.js';
import { SUPPRESSION_WITHOUT_REASON } from './suppression-rule.js';

export type ReportSource =
  | ({ source: 'engine' } & EngineDescription)
  /** Several engines audited in one run (repeated --host or --context, --all-contexts); those that failed are in `problems`. */
  | { source: 'engines'; engines: EngineDescription[] }
  | { source: 'inspect-file'; file: string }
  | { source: 'lint'; files: string[]; notes?: string[] };

export type ReportTarget = ReportContainer | { id: string; name: string; kind: 'engine'; engine: string };

export interface ReportContainer {
  id: string;
  name: string;
  kind: 'container' | 'service';
  /** The endpoint of the live engine the target is on, as `engine.endpoint` names it; absent for files. */
  engine?: string;
  /** The words the target's source writes settings in: `compose` for a Compose service, `kubernetes` for a pod's container, `run` (flags) otherwise. */
  syntax: SettingSyntax;
  /** The chart template a manifest's object came from (`helm template`'s `# Source:` comment). */
  template?: string;
  image?: string;
  state?: string;
  /** What root in the container holds, computed from the settings as `capsh --print` shows it. */
  effectiveCapabilities: string[];
  /** CapEff of the main process, read from /proc on the engine's host when possible. */
  observedCapabilities?: string[];
  capabilityMismatch?: { missing: string[]; unexpected: string[] };
}

export type ReportRule = Omit<RuleMeta, 'messages'>;

/** The JSON contract documented in the README; add fields, never rename or remove them. */
export interface Report {
  tool: { name: 'dockward'; version: string };
  engine: ReportSource;
  /** The rule set that was applied: a profile name or `all`. */
  profile: Profile | 'all';
  targets: ReportTarget[];
  findings: Finding[];
  /** Findings taken out by an inline `# dockward-ignore RULE -- reason`, each with its reason. */
  suppressed: Finding[];
  /** Metadata of every rule that produced a finding. */
  rules: ReportRule[];
  /** Findings by severity, waived ones not counted (they do not count toward --fail-on either). */
  summary: Record<Severity, number>;
  policy: ReportPolicy;
  /** Input that could not be read and engines that could not be audited; the rest was still audited (exit code 2 or 3). */
  problems?: ReportProblem[];
}

/** Something the run could not audit, with why. */
export interface ReportProblem {
  /** The engine that could not be reached or failed midway. */
  engine?: string;
  /** The file, line and column of input that could not be read. */
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/** An engine of the run that could not be audited, with why. */
export type EngineLeftOut = Required<Pick<ReportProblem, 'engine' | 'message'>>;

/** How the configuration, waivers and baseline shaped this report. */
export interface ReportPolicy {
  /** The configuration file that was applied, if any. */
  config?: string;
  /** Findings marked with a `waiver`. */
  waived: number;
  /** Expired, stale and invalid waivers. */
  problems: PolicyProblem[];
  /** The baseline report compared against, and how many of this run's findings it already held. */
  baseline?: { file: string; hidden: number };
}

export interface ReportSettings {
  profile: Profile | 'all';
  version: string;
  configFile?: string;
  baselineFile?: string;
  problems?: readonly ReportProblem[];
}

function worstRank(findings: readonly Finding[]): number {
  return Math.max(0, ...findings.map((finding) => severityRank(finding.severity)));
}

/** By engine in the order they were given, then worst container first, then by name, so reports are stable run to run. */
function orderTargets(evaluated: readonly EvaluatedContainer[], engines: readonly string[]): EvaluatedContainer[] {
  const engineRank = (entry: EvaluatedContainer) => engines.indexOf(entry.target.source.endpoint ?? '');
  return evaluated
    .map((entry) => ({ entry, rank: worstRank(entry.findings), engine: engineRank(entry) }))
    .sort(
      (a, b) =>
        a.engine - b.engine ||
        b.rank - a.rank ||
        b.entry.findings.length - a.entry.findings.length ||
        (a.entry.target.name < b.entry.target.name ? -1 : a.entry.target.name > b.entry.target.name ? 1 : 0),
    )
    .map(({ entry }) => entry);
}

/** Findings by severity, waived ones not counted. */
function summarize(findings: readonly Finding[]): Record<Severity, number> {
  const summary = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) if (!finding.waiver) summary[finding.severity]++;
  return summary;
}

/** The report as `--severity` shows it: the findings of those severities, counted again. */
export function withSeverities(report: Report, severities: ReadonlySet<Severity>): Report {
  const findings = report.findings.filter((finding) => severities.has(finding.severity));
  return { ...report, findings, summary: summarize(findings) };
}

export function buildReport(
  evaluation: Evaluation,
  engine: ReportSource,
  { profile, version, configFile, baselineFile, problems = [] }: ReportSettings,
): Report {
  const engines = evaluation.engines.map((entry) => entry.target.id);
  const ordered = orderTargets(evaluation.containers, engines);
  const inEngine = (id: string | undefined) => (entry: EvaluatedContainer) => entry.target.source.endpoint === id;
  // Each engine's own findings come before its containers': they concern every container on the host.
  const groups: { engine?: EvaluatedEngine; containers: EvaluatedContainer[] }[] = [
    ...evaluation.engines.map((entry) => ({ engine: entry, containers: ordered.filter(inEngine(entry.target.id)) })),
    { containers: ordered.filter((entry) => !engines.includes(entry.target.source.endpoint ?? '')) },
  ];
  const findings = [
    ...evaluation.policy,
    ...groups.flatMap((group) => [...(group.engine?.findings ?? []), ...group.containers.flatMap((entry) => entry.findings)]),
  ];
  const summary = summarize(findings);
  const fired = new Set([...findings, ...evaluation.suppressed].map((finding) => finding.ruleId));
  return {
    tool: { name: 'dockward', version },
    engine,
    profile,
    targets: groups.flatMap((group): ReportTarget[] => [
      ...(group.engine
        ? [{ id: group.engine.target.id, name: group.engine.target.name, kind: 'engine' as const, engine: group.engine.target.id }]
        : []),
      ...group.containers.map(({ target, capabilities }): ReportContainer => {
        const observed = target.observed?.capabilities;
        const mismatch = observed && capabilityMismatch(capabilities, observed);
        return {
          id: target.id,
          name: target.name,
          kind: target.kind,
          ...(target.source.endpoint !== undefined && { engine: target.source.endpoint }),
          syntax: target.source.kind.syntax,
          ...(target.source.template !== undefined && { template: target.source.template }),
          ...(target.spec.image !== undefined && { image: target.spec.image }),
          ...(target.state !== undefined && { state: target.state }),
          effectiveCapabilities: capabilities,
          ...(observed && { observedCapabilities: observed }),
          ...(mismatch && { capabilityMismatch: mismatch }),
        };
      }),
    ]),
    findings,
    suppressed: evaluation.suppressed,
    rules: [...evaluation.rules, SUPPRESSION_WITHOUT_REASON].filter((rule) => fired.has(rule.id)).map(describeRule),
    summary,
    policy: {
      ...(configFile !== undefined && { config: configFile }),
      waived: findings.filter((finding) => finding.waiver).length,
      problems: evaluation.problems,
      ...(baselineFile !== undefined && { baseline: { file: baselineFile, hidden: evaluation.baselineHidden } }),
    },
    ...(problems.length > 0 && { problems: [...problems] }),
  };
}

/** A rule's metadata without its check and message templates. */
export function describeRule({
  id,
  severity,
  title,
  rationale,
  attack,
  remediation,
  fix,
  verify,
  cis,
  references,
  profiles,
  options,
}: RuleMeta): ReportRule {
  return {
    id,
    severity,
    title,
    rationale,
    attack,
    remediation,
    fix,
    verify,
    ...(cis !== undefined && { cis }),
    references,
    profiles,
    ...(options && { options }),
  };
}

export function reachesThreshold(report: Report, failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((finding) => !finding.waiver && severityRank(finding.severity) >= severityRank(failOn));
}
