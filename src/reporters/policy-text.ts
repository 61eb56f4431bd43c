import type { Report } from '../evaluation/report.js';
import type { Finding, PolicyProblem } from '../model/finding.js';
import type { AppliedWaiver } from '../model/policy.js';

/** Where a finding or waiver is written: file:line:column when known, else the field. */
export function whereOf(location: { file?: string; line?: number; column?: number; field?: string } | undefined, fallback = ''): string {
  if (location?.file) return `${location.file}${location.line ? `:${location.line}` : ''}${location.column ? `:${location.column}` : ''}`;
  return location?.field ?? fallback;
}

/** One line per waived finding's waiver, the same in every text format. */
export function describeWaiver(waiver: AppliedWaiver): string {
  const by = [waiver.owner, waiver.expires && `until ${waiver.expires}`].filter(Boolean).join(', ');
  return `${waiver.source === 'label' ? 'waived by label' : 'waived'}: ${waiver.reason}${by ? ` (${by})` : ''}`;
}

export function describeProblem(problem: PolicyProblem): string {
  const where = whereOf(problem.location);
  return `${where ? `${where}: ` : ''}${problem.kind} waiver of ${problem.rule} for ${problem.target}: ${problem.message}`;
}

/** The findings that count: not waived. */
export function activeFindings(report: Report): Finding[] {
  return report.findings.filter((finding) => !finding.waiver);
}

export function waivedFindings(report: Report): (Finding & { waiver: AppliedWaiver })[] {
  return report.findings.filter((finding): finding is Finding & { waiver: AppliedWaiver } => finding.waiver !== undefined);
}
