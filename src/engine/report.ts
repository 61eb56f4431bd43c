import type { Finding } from '../model/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../model/severity.js';
import type { Rule } from '../rules/define-rule.js';
import type { EngineDescription } from '../sources/engine/engine-source.js';
import { capabilityMismatch, type EvaluatedTarget } from './evaluate.js';

export type ReportEngine = ({ source: 'engine' } & EngineDescription) | { source: 'inspect-file'; file: string };

export interface ReportTarget {
  id: string;
  name: string;
  kind: 'container';
  image?: string;
  state?: string;
  /** What root in the container holds, computed from the settings as `capsh --print` shows it. */
  effectiveCapabilities: string[];
  /** CapEff of the main process, read from /proc on the engine's host when possible. */
  observedCapabilities?: string[];
  capabilityMismatch?: { missing: string[]; unexpected: string[] };
}

export interface ReportRule {
  id: string;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  fix: string;
  verify: string;
  cis?: string;
  references: readonly string[];
}

/** The JSON contract documented in the README; add fields, never rename or remove them. */
export interface Report {
  tool: { name: 'dockward'; version: string };
  engine: ReportEngine;
  targets: ReportTarget[];
  findings: Finding[];
  /** Metadata of every rule that produced a finding. */
  rules: ReportRule[];
  summary: Record<Severity, number>;
}

function worstRank(findings: readonly Finding[]): number {
  return Math.max(0, ...findings.map((finding) => severityRank(finding.severity)));
}

/** Worst container first, then by name, so reports are stable run to run. */
export function orderTargets(evaluated: readonly EvaluatedTarget[]): EvaluatedTarget[] {
  return [...evaluated].sort(
    (a, b) => worstRank(b.findings) - worstRank(a.findings) || b.findings.length - a.findings.length || a.target.name.localeCompare(b.target.name),
  );
}

export function buildReport(evaluated: readonly EvaluatedTarget[], rules: readonly Rule[], engine: ReportEngine, version: string): Report {
  const ordered = orderTargets(evaluated);
  const findings = ordered.flatMap((entry) => entry.findings);
  const summary = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) summary[finding.severity]++;
  const fired = new Set(findings.map((finding) => finding.ruleId));
  return {
    tool: { name: 'dockward', version },
    engine,
    targets: ordered.map(({ target, capabilities }): ReportTarget => {
      const mismatch = target.observedCapabilities && capabilityMismatch(capabilities, target.observedCapabilities);
      return {
        id: target.id,
        name: target.name,
        kind: target.kind,
        ...(target.spec.image !== undefined && { image: target.spec.image }),
        ...(target.state !== undefined && { state: target.state }),
        effectiveCapabilities: capabilities,
        ...(target.observedCapabilities && { observedCapabilities: target.observedCapabilities }),
        ...(mismatch && { capabilityMismatch: mismatch }),
      };
    }),
    findings,
    rules: rules
      .filter((rule) => fired.has(rule.id))
      .map(({ id, severity, title, rationale, remediation, fix, verify, cis, references }) => ({
        id, severity, title, rationale, remediation, fix, verify, ...(cis !== undefined && { cis }), references,
      })),
    summary,
  };
}

export function reachesThreshold(report: Report, failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn));
}
