import type { Finding } from '../model/finding.js';

/** The `dockward diff --format json` contract. */
export interface FindingDiff {
  new: Finding[];
  resolved: Finding[];
  unchanged: Finding[];
}

/**
 * Compares two scans by finding fingerprint. A fingerprint that occurs more
 * often in one scan than in the other (two identical mounts, say) counts as
 * that many findings.
 */
export function diffFindings(older: readonly Finding[], newer: readonly Finding[]): FindingDiff {
  const remaining = new Map<string, number>();
  for (const finding of older) remaining.set(finding.fingerprint, (remaining.get(finding.fingerprint) ?? 0) + 1);
  const diff: FindingDiff = { new: [], resolved: [], unchanged: [] };
  for (const finding of newer) {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(finding.fingerprint, left - 1);
      diff.unchanged.push(finding);
    } else diff.new.push(finding);
  }
  for (const finding of [...older].reverse()) {
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left === 0) continue;
    remaining.set(finding.fingerprint, left - 1);
    diff.resolved.unshift(finding);
  }
  return diff;
}
