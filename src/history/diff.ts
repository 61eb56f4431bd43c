import { baselineKey } from '../evaluation/evaluate.js';
import type { Finding } from '../model/finding.js';

/** The `dockward diff --format json` contract. */
export interface FindingDiff {
  new: Finding[];
  resolved: Finding[];
  unchanged: Finding[];
}

/**
 * Compares two scans by finding fingerprint and engine (see baselineKey), so
 * that `web` on one host is not taken for `web` on another. A fingerprint
 * that occurs more often in one scan than in the other (two identical mounts,
 * say) counts as that many findings.
 */
export function diffFindings(older: readonly Finding[], newer: readonly Finding[]): FindingDiff {
  const key = (finding: Finding) => baselineKey(finding.fingerprint, finding.engine);
  const remaining = new Map<string, number>();
  for (const finding of older) remaining.set(key(finding), (remaining.get(key(finding)) ?? 0) + 1);
  const diff: FindingDiff = { new: [], resolved: [], unchanged: [] };
  for (const finding of newer) {
    const left = remaining.get(key(finding)) ?? 0;
    if (left > 0) {
      remaining.set(key(finding), left - 1);
      diff.unchanged.push(finding);
    } else diff.new.push(finding);
  }
  for (const finding of [...older].reverse()) {
    const left = remaining.get(key(finding)) ?? 0;
    if (left === 0) continue;
    remaining.set(key(finding), left - 1);
    diff.resolved.unshift(finding);
  }
  return diff;
}
