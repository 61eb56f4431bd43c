import type { SpecPath } from './container-spec.js';
import type { AppliedWaiver } from './policy.js';
import type { Remedy } from './remedy.js';
import type { Severity } from './severity.js';
import type { SourceLocation } from './target.js';

/**
 * Keys of what a finding carries for `fix` but not for reports: symbol keys stay
 * out of JSON.stringify, so the JSON report contract and its schema do not change.
 */
export const SPEC_PATH: unique symbol = Symbol('dockward.specPath');
export const REMEDY: unique symbol = Symbol('dockward.remedy');

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** Container name without the leading slash. */
  target: string;
  targetId: string;
  /** The endpoint of the live engine the target is on (as `engine.endpoint` names it); absent for files. */
  engine?: string;
  messageId: string;
  message: string;
  /** The spec path the finding is about, e.g. `capAdd[0]`. */
  path: string;
  /** The same path as the rule gave it, e.g. `['capAdd', 0]`: read this rather than parsing `path`. */
  [SPEC_PATH]?: SpecPath;
  /** What resolves the finding, where the rule knows. */
  [REMEDY]?: Remedy;
  location?: SourceLocation;
  /** The exact change for this finding in its source's words, where it is more specific than its rule's fix. */
  fix?: string;
  /** Facts that back the finding up (for secrets: kind, confidence, fingerprint); never a secret. */
  evidence?: Record<string, string>;
  /** Set on findings an inline `# dockward-ignore RULE -- reason` comment suppressed. */
  suppression?: { kind: 'inline'; reason: string };
  /**
   * The same finding has the same fingerprint run after run: a hash of the rule,
   * the target's name and the message, not of positions or secret values.
   * Baselines and the history compare findings by it.
   */
  fingerprint: string;
  /** Set on findings a waiver accepts: still reported, but not counted toward --fail-on. */
  waiver?: AppliedWaiver;
}

/** A waiver that no longer does what it says: reported in the report's `policy.problems`. */
export interface PolicyProblem {
  /** expired: past its date, so it stopped applying; stale: it matched no finding; invalid: a waiver label that cannot apply. */
  kind: 'expired' | 'stale' | 'invalid';
  rule: string;
  /** The waiver's target as written, or the container whose label it is. */
  target: string;
  message: string;
  reason?: string;
  owner?: string;
  expires?: string;
  location?: SourceLocation;
}
