import type { FindingDiff } from '../history/diff.js';
import type { SavedScan } from '../history/history-store.js';
import type { Finding } from '../model/finding.js';
import { SEVERITIES } from '../model/severity.js';
import { formatColumns } from './columns.js';
import { terminalSafe } from './escape.js';
import { reportSourceNames } from './report-source.js';

function describeSource(scan: SavedScan): string {
  const names = reportSourceNames(scan.engine);
  if (names.length === 1) return names[0] ?? '';
  return `${names.length} ${scan.engine.source === 'engines' ? 'engines' : 'files'}`;
}

/** `dockward history` as a table: one row per saved scan, oldest first. */
export function formatScans(scans: readonly SavedScan[]): string {
  if (scans.length === 0) return 'no saved scans yet: dockward scan --save records one\n';
  const rows = scans.map((scan) => [
    String(scan.id),
    scan.createdAt.replace('T', ' ').slice(0, 19),
    scan.profile,
    String(scan.targets),
    ...SEVERITIES.map((severity) => String(scan.summary[severity] ?? 0)),
    terminalSafe(describeSource(scan)),
  ]);
  return formatColumns([['scan', 'saved (UTC)', 'profile', 'targets', ...SEVERITIES, 'source'], ...rows]);
}

interface TargetChanges {
  new: Finding[];
  resolved: Finding[];
  unchanged: number;
}

function changesByTarget(diff: FindingDiff): [string, TargetChanges][] {
  const byTarget = new Map<string, TargetChanges>();
  const entry = (target: string) => {
    let changes = byTarget.get(target);
    if (!changes) byTarget.set(target, (changes = { new: [], resolved: [], unchanged: 0 }));
    return changes;
  };
  for (const finding of diff.new) entry(finding.target).new.push(finding);
  for (const finding of diff.resolved) entry(finding.target).resolved.push(finding);
  for (const finding of diff.unchanged) entry(finding.target).unchanged++;
  return [...byTarget].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `dockward diff` as text: the counts, then per target the new (+) and resolved (-) findings. */
export function formatDiff(from: SavedScan, to: SavedScan, diff: FindingDiff): string {
  const when = (scan: SavedScan) => `scan ${scan.id} (${scan.createdAt.slice(0, 19)})`;
  const counts = `${diff.new.length} new, ${diff.resolved.length} resolved, ${diff.unchanged.length} unchanged`;
  const out = [`${when(from)} -> ${when(to)}: ${counts}`];
  const line = (mark: string, finding: Finding) =>
    `  ${mark} ${finding.severity.padEnd(8)} ${finding.ruleId}: ${terminalSafe(finding.message)}`;
  for (const [target, changes] of changesByTarget(diff)) {
    if (changes.new.length === 0 && changes.resolved.length === 0) continue;
    out.push('', terminalSafe(target));
    out.push(...changes.new.map((finding) => line('+', finding)), ...changes.resolved.map((finding) => line('-', finding)));
    if (changes.unchanged > 0) out.push(`  = ${changes.unchanged} unchanged`);
  }
  return `${out.join('\n')}\n`;
}
