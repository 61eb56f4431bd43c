import type { ContainerSpec, SpecPath } from '../model/container-spec.js';
import { SETTING_SYNTAXES, type SettingSyntax } from '../model/field-table.js';
import type { EngineFacts, HostSecurity } from '../model/host.js';
import type { Severity } from '../model/severity.js';
import type { ObservedState } from '../model/target.js';
import type { SecretFormats } from '../secrets/secret-formats.js';
import type { Profile, RuleOptions } from '../model/profile.js';
import type { Remedy } from '../model/remedy.js';
import type { RuntimeDefaults } from '../model/runtime.js';

export interface RuleContext {
  host: HostSecurity;
  /** What the target's runtime gives a container that does not say otherwise. */
  runtime: RuntimeDefaults;
  /** The effective capability set, computed once per container by the evaluation. */
  capabilities: readonly string[];
  /** What the live engine reports about the running container; absent for settings-only sources. */
  observed?: ObservedState;
  /**
   * False for sources that only know their own settings (Compose, docker run lines): what the
   * image sets, such as USER or HEALTHCHECK, is unknown there and must not be guessed.
   */
  imageDefaultsKnown: boolean;
  /** The target's name, as findings name it: a container, or a Compose service. */
  target: string;
  /** The words the target's source writes settings in, for messages that name a setting (see writtenSetting). */
  syntax: SettingSyntax;
  /** What the credential-format detectors found for this run, and how to fingerprint a secret. */
  secrets: { formats: SecretFormats; fingerprint(value: string): string };
  /** The rule's options from the configuration file, by option name; empty when none are set. */
  options: RuleOptions;
}

/** An option a rule accepts under `rules.<id>` in .dockward.yaml; every option is a list of strings. */
export interface RuleOptionMeta {
  description: string;
  example: readonly string[];
}

export type MessageData = Record<string, string | number>;

export interface Violation<MessageId extends string = string> {
  messageId: MessageId;
  /** The spec field at fault; for a missing setting, the field that should be set. */
  path: SpecPath;
  data?: MessageData;
  /** Overrides the rule's default severity when one case is clearly worse. */
  severity?: Severity;
  /** Facts that back the finding up, such as a secret's kind, confidence and fingerprint; never a secret. */
  evidence?: Record<string, string>;
  /** What resolves this violation on the spec, where the rule knows; overrides the rule's `remedy`. */
  remedy?: Remedy;
  /** The exact change for this violation in the target's words (RuleContext.syntax), where it is more specific than the rule's `fix`. */
  fix?: string;
  /**
   * The profiles, of the rule's own, under which this violation is a finding,
   * where not all of them: a control one Pod Security level asks for and the
   * other does not (a pod that sets no seccomp profile passes baseline, not
   * restricted). Under `--profile all`, and for a rule the configuration
   * turns on outside the chosen profile, it is a finding whatever the profile.
   */
  profiles?: readonly Profile[];
}

/**
 * A syntax whose files have no such setting (a pod's manifest has no restart
 * policy per container, no log driver, no links): the rule says nothing about
 * targets written in it, and `explain` says why.
 */
export interface NotExpressible {
  readonly notExpressible: string;
}

export type RuleFix = { readonly [S in SettingSyntax]: string | NotExpressible };

/** The rule's exact change in a syntax's words; undefined where that syntax has no such setting. */
export function fixIn(rule: Pick<RuleMeta, 'fix'>, syntax: SettingSyntax): string | undefined {
  const fix = rule.fix[syntax];
  return typeof fix === 'string' ? fix : undefined;
}

/** How each syntax is named beside its fix: in explain, the docs, SARIF help and the HTML report. */
const SYNTAX_LABEL: Readonly<Record<SettingSyntax, string>> = {
  run: 'docker run',
  compose: 'Compose',
  kubernetes: 'Kubernetes',
  quadlet: 'Quadlet',
};

/** A rule's fix in every syntax, labelled, for the places that show them all; a syntax without the setting says why. */
export function labelledFixes(rule: Pick<RuleMeta, 'fix'>): { syntax: SettingSyntax; label: string; text: string }[] {
  return SETTING_SYNTAXES.map((syntax) => {
    const fix = rule.fix[syntax];
    return { syntax, label: SYNTAX_LABEL[syntax], text: typeof fix === 'string' ? fix : `not applicable: ${fix.notExpressible}` };
  });
}

/** Whether a rule has anything to say about a target written in this syntax. */
export function appliesTo(rule: Pick<RuleMeta, 'fix'>, syntax: SettingSyntax): boolean {
  return typeof rule.fix[syntax] === 'string';
}

/** Everything a rule says about itself: plain data, shown by `explain` and the docs. */
export interface RuleMeta<MessageId extends string = string> {
  id: string;
  severity: Severity;
  title: string;
  /** Why the setting weakens isolation. */
  rationale: string;
  /** How an attacker uses it, in a few sentences. */
  attack: string;
  /** What to do instead, in prose. */
  remediation: string;
  /** The exact change in each syntax: `docker run` flags, Compose service keys, a pod's manifest, a Quadlet unit. */
  fix: RuleFix;
  /** A command a user can paste to confirm the finding by hand; `<container>` is the placeholder. */
  verify: string;
  /** The same check against a cluster, for a rule shared with Docker whose setting a pod's manifest holds; `<pod>` is the placeholder. */
  verifyInCluster?: string;
  /** CIS Docker Benchmark v1.6.0 recommendation, where one exists. */
  cis?: string;
  references: readonly string[];
  profiles: readonly Profile[];
  /** Message templates keyed by id; `{{key}}` is filled from the violation's data. */
  messages: Readonly<Record<MessageId, string>>;
  /**
   * The severity `authz serve` gives this rule's findings about a change to a
   * running container (an exec, an update that lifts a limit) unless the
   * configuration sets one: weakening what is already deployed is worse than
   * the same setting found afterwards by an audit.
   */
  liveChangeSeverity?: Severity;
  /** The remedy of every violation that does not carry its own: a rule whose every finding is a decision for the user. */
  remedy?: Remedy;
  /**
   * Rules whose settings this rule's setting makes moot while its finding
   * stands (privileged turns seccomp, AppArmor and capability limits off):
   * `fix` says a change for them takes effect only once this one is decided,
   * rather than calling it fixed.
   */
  overrides?: readonly string[];
  /**
   * The remedies are starting points a user tunes (a memory size, a PID count):
   * `fix` applies them only when asked to (--add-limits), and then audits with
   * the rule on whatever the profile says.
   */
  remedyOptIn?: true;
  /** What can be configured for the rule besides its severity; see RuleContext.options. */
  options?: Readonly<Record<string, RuleOptionMeta>>;
}

/** A rule about one container's settings (and, where known, its live state). */
export interface ContainerRule<MessageId extends string = string> extends RuleMeta<MessageId> {
  scope: 'container';
  check(spec: ContainerSpec, context: RuleContext): Violation<MessageId>[];
}

/** A rule about the engine and its host; its target is the engine, not a container. */
export interface EngineRule<MessageId extends string = string> extends RuleMeta<MessageId> {
  scope: 'engine';
  check(facts: EngineFacts): Violation<MessageId>[];
}

export type Rule = ContainerRule | EngineRule;

/** Typed identity: a violation whose messageId is not a key of `messages` does not compile. */
export function defineRule<const MessageId extends string>(
  rule: RuleMeta<MessageId> & { check(spec: ContainerSpec, context: RuleContext): Violation<NoInfer<MessageId>>[] },
): ContainerRule<MessageId> {
  return { scope: 'container', ...rule };
}

export function defineEngineRule<const MessageId extends string>(
  rule: RuleMeta<MessageId> & { check(facts: EngineFacts): Violation<NoInfer<MessageId>>[] },
): EngineRule<MessageId> {
  return { scope: 'engine', ...rule };
}

export function inProfile(rule: RuleMeta, profile: Profile | 'all'): boolean {
  return profile === 'all' || rule.profiles.includes(profile);
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
