import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { findingFingerprint } from '../evaluation/evaluate.js';

interface ReportedFinding {
  ruleId?: unknown;
  target?: unknown;
  messageId?: unknown;
  message?: unknown;
  fingerprint?: unknown;
}

/**
 * The fingerprints of every finding of an earlier JSON report (scan or lint),
 * waived and suppressed ones included. Reports written before fingerprints
 * existed get them computed the same way.
 */
export async function readBaseline(file: string): Promise<{ file: string; fingerprints: Set<string> }> {
  let report: { findings?: unknown; suppressed?: unknown };
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as typeof report;
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'it is not JSON' : ((error as NodeJS.ErrnoException).code ?? 'error');
    throw new UsageError(`cannot read the baseline ${file}: ${reason} (write one with: dockward baseline ${file})`);
  }
  if (typeof report !== 'object' || report === null || !Array.isArray(report.findings)) {
    throw new UsageError(
      `the baseline ${file} is not a dockward JSON report: it has no "findings" list (write one with: dockward baseline ${file})`,
    );
  }
  const findings = [
    ...(report.findings as ReportedFinding[]),
    ...(Array.isArray(report.suppressed) ? (report.suppressed as ReportedFinding[]) : []),
  ];
  const fingerprints = new Set<string>();
  for (const finding of findings) {
    if (typeof finding?.fingerprint === 'string') fingerprints.add(finding.fingerprint);
    else if ([finding?.ruleId, finding?.target, finding?.messageId, finding?.message].every((field) => typeof field === 'string')) {
      fingerprints.add(
        findingFingerprint(String(finding.ruleId), String(finding.target), String(finding.messageId), String(finding.message)),
      );
    }
  }
  return { file, fingerprints };
}
