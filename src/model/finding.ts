import type { Severity } from './severity.js';
import type { SourceLocation } from './target.js';

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  /** Container name without the leading slash. */
  target: string;
  targetId: string;
  messageId: string;
  message: string;
  /** The spec path the finding is about, e.g. `capAdd[0]`. */
  path: string;
  location?: SourceLocation;
  /** Facts that back the finding up (for secrets: kind, confidence, fingerprint); never a secret. */
  evidence?: Record<string, string>;
  /** Set on findings an inline `# dockward-ignore RULE -- reason` comment suppressed. */
  suppression?: { kind: 'inline'; reason: string };
}
