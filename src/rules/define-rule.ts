import type { ContainerSpec, SpecPath } from '../model/container-spec.js';
import type { HostSecurity } from '../model/host.js';
import type { Severity } from '../model/severity.js';

export interface RuleContext {
  host: HostSecurity;
  /** The effective capability set, computed once per container by the engine. */
  capabilities: readonly string[];
}

export type MessageData = Record<string, string | number>;

export interface Violation<MessageId extends string = string> {
  messageId: MessageId;
  /** The spec field at fault; for a missing setting, the field that should be set. */
  path: SpecPath;
  data?: MessageData;
  /** Overrides the rule's default severity when one case is clearly worse. */
  severity?: Severity;
}

export interface Rule<MessageId extends string = string> {
  id: string;
  severity: Severity;
  title: string;
  /** Why the setting weakens isolation. */
  rationale: string;
  /** What to do instead, in prose. */
  remediation: string;
  /** The exact `docker run` flags that fix it. */
  fix: string;
  /** A command a user can paste to confirm the finding by hand; `<container>` is the placeholder. */
  verify: string;
  /** CIS Docker Benchmark v1.6.0 recommendation, where one exists. */
  cis?: string;
  references: readonly string[];
  /** Message templates keyed by id; `{{key}}` is filled from the violation's data. */
  messages: Readonly<Record<MessageId, string>>;
  check(spec: ContainerSpec, context: RuleContext): Violation<MessageId>[];
}

/** Typed identity: a violation whose messageId is not a key of `messages` does not compile. */
export function defineRule<const MessageId extends string>(
  rule: Omit<Rule<MessageId>, 'check'> & {
    check(spec: ContainerSpec, context: RuleContext): Violation<NoInfer<MessageId>>[];
  },
): Rule<MessageId> {
  return rule;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = data[key];
    return value === undefined ? whole : String(value);
  });
}
