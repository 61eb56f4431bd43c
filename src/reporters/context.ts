import type { ReportRule } from '../evaluation/report.js';

/** What some reporters need beyond the report itself. */
export interface ReporterContext {
  /** Every rule that was applied, with its scope: JUnit lists passes, SARIF describes them all. */
  appliedRules: readonly (ReportRule & { scope: 'container' | 'engine' | 'policy' })[];
}
