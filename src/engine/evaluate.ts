import { effectiveCapabilities, sortCapabilities } from '../model/capabilities.js';
import { formatSpecPath } from '../model/container-spec.js';
import type { Finding } from '../model/finding.js';
import type { HostSecurity } from '../model/host.js';
import { severityRank } from '../model/severity.js';
import type { ContainerTarget } from '../model/target.js';
import { formatMessage, type Rule } from '../rules/define-rule.js';

export interface EvaluatedTarget {
  target: ContainerTarget;
  capabilities: string[];
  findings: Finding[];
}

export interface EvaluationContext {
  host: HostSecurity;
}

/** Runs every rule over every target once. Pure: no I/O, no clock. */
export function evaluate(targets: readonly ContainerTarget[], rules: readonly Rule[], { host }: EvaluationContext): EvaluatedTarget[] {
  return targets.map((target) => {
    const capabilities = effectiveCapabilities(target.spec);
    const findings = rules.flatMap((rule) =>
      rule.check(target.spec, { host, capabilities }).map((violation): Finding => {
        const location = target.sourceMap.locate(violation.path);
        return {
          ruleId: rule.id,
          severity: violation.severity ?? rule.severity,
          title: rule.title,
          target: target.name,
          targetId: target.id,
          messageId: violation.messageId,
          message: formatMessage(rule.messages[violation.messageId] ?? violation.messageId, violation.data),
          path: formatSpecPath(violation.path),
          ...(location && { location }),
        };
      }),
    );
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    return { target, capabilities, findings };
  });
}

/** Where the computed set and what the process really holds disagree. */
export function capabilityMismatch(computed: readonly string[], observed: readonly string[]): { missing: string[]; unexpected: string[] } | undefined {
  const missing = computed.filter((cap) => !observed.includes(cap));
  const unexpected = observed.filter((cap) => !computed.includes(cap));
  return missing.length || unexpected.length ? { missing: sortCapabilities(missing), unexpected: sortCapabilities(unexpected) } : undefined;
}
