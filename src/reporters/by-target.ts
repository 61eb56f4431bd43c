import type { Finding } from '../model/finding.js';

/** The findings of each target, grouped once: a reporter that filtered them per target took quadratic time on large reports. */
export function findingsByTarget(findings: readonly Finding[]): (targetId: string) => readonly Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.targetId);
    if (group) group.push(finding);
    else groups.set(finding.targetId, [finding]);
  }
  return (targetId) => groups.get(targetId) ?? [];
}
