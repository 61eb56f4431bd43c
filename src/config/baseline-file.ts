import { UsageError } from '../errors.js';
import { INSPECT_FILE_LIMIT, readInputText, fileErrorReason } from '../files/input-file.js';
import { baselineKey, findingFingerprint } from '../evaluation/evaluate.js';
import { isRecord } from '../model/json-value.js';

/**
 * The baseline keys (see baselineKey) of every finding of an earlier JSON report (scan or lint),
 * waived and suppressed ones included. Reports written before fingerprints
 * existed get them computed the same way.
 */
export async function readBaseline(file: string): Promise<{ file: string; keys: Set<string> }> {
  let report: unknown;
  try {
    report = JSON.parse(readInputText(file, INSPECT_FILE_LIMIT));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'it is not JSON' : fileErrorReason(error);
    throw new UsageError(`cannot read the baseline ${file}: ${reason} (write one with: dockward baseline ${file})`);
  }
  const { findings, suppressed } = isRecord(report) ? report : {};
  if (!Array.isArray(findings)) {
    throw new UsageError(
      `the baseline ${file} is not a dockward JSON report: it has no "findings" list (write one with: dockward baseline ${file})`,
    );
  }
  const keys = new Set<string>();
  for (const finding of [...(findings as unknown[]), ...(Array.isArray(suppressed) ? (suppressed as unknown[]) : [])]) {
    if (!isRecord(finding)) continue;
    const { fingerprint, ruleId, target, messageId, message, engine } = finding;
    if (typeof fingerprint === 'string') keys.add(baselineKey(fingerprint, typeof engine === 'string' ? engine : undefined));
    else if (typeof ruleId === 'string' && typeof target === 'string' && typeof messageId === 'string' && typeof message === 'string') {
      keys.add(findingFingerprint(ruleId, target, messageId, message));
    }
  }
  return { file, keys };
}
