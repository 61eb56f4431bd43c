import type { Profile, RuleOptions } from './profile.js';
import { globToRegExp, matchesLabelSelector } from './selectors.js';
import type { Severity } from './severity.js';
import type { SourceLocation } from './target.js';

/** What `.dockward.yaml` says about one rule under `rules:`. */
export type RuleSetting = { off: true } | { off?: false; severity?: Severity; options?: RuleOptions };

/** A glob on the container, service or image name, or a label selector (`key` or `key=value`). */
export type WaiverTarget = string | { label: string };

/** An accepted risk: one rule, on the targets it names, for a reason, owned by someone, until a date. */
export interface Waiver {
  rule: string;
  target: WaiverTarget;
  reason: string;
  owner: string;
  /** The last day the waiver applies, YYYY-MM-DD. */
  expires: string;
  /** In enforcement, the API user the waiver is limited to (see Enforcement). */
  user?: string;
  /** Where the waiver is written: its entry in the configuration file. */
  location?: SourceLocation;
}

/** What a waived finding carries in reports. Label waivers have no owner or expiry. */
export interface AppliedWaiver {
  source: 'config' | 'label';
  reason: string;
  owner?: string;
  expires?: string;
}

/** Label `dockward.waive.<rule>=<reason>` on a container or service waives that rule for it. */
export const WAIVER_LABEL_PREFIX = 'dockward.waive.';

/**
 * Everything `evaluate` applies besides the rules themselves. Evaluation
 * remembers the rule selection it made for a policy object, so its profile
 * and rule settings never change.
 */
export interface Policy {
  readonly profile: Profile | 'all';
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  waivers?: readonly Waiver[];
  /** Fingerprints of the findings of an earlier report: only findings not among them are reported. */
  /** The findings of an earlier report, by their baselineKey. */
  baseline?: { file: string; keys: ReadonlySet<string> };
  /** Today as YYYY-MM-DD (UTC), for waiver expiry: evaluation itself reads no clock. */
  today?: string;
  /**
   * False when the run looked at a subset of the containers (`--name`, `--label`…):
   * then a waiver is only called stale when it names a container that was looked at.
   */
  complete?: boolean;
}

/**
 * A request being enforced (the authorization plugin) rather than audited.
 * Everything in it is in the requester's hands, labels included, so waivers
 * come from the configuration only: the request's waiver labels do not
 * apply, a configuration waiver that targets a label applies only when it
 * also names the requesting user (which the requester cannot choose), and a
 * waiver that names a user applies to that user alone. A waiver on a name or
 * image glob still applies to any requester who picks that name: the
 * documented risk of such a waiver.
 */
export interface Enforcement {
  /** The authenticated API user; empty when the daemon has no authentication (the unix socket). */
  requester: string;
}

/** Whether a configuration waiver may apply to a request being enforced. */
export function waiverHoldsInEnforcement(waiver: Waiver, enforcement: Enforcement): boolean {
  if (waiver.user !== undefined) return waiver.user === enforcement.requester;
  return typeof waiver.target === 'string';
}

/** Whether a waiver's target names this container, service or image. */
export function waiverTargets(
  target: WaiverTarget,
  candidate: { name: string; labels: Readonly<Record<string, string>>; image?: string | undefined },
): boolean {
  const { labels } = candidate;
  if (typeof target !== 'string') return matchesLabelSelector(target.label, labels);
  const pattern = globToRegExp(target);
  const names = [candidate.name, labels['com.docker.compose.service'], labels['com.docker.swarm.service.name'], candidate.image];
  return names.some((name) => name !== undefined && pattern.test(name));
}

export function describeWaiverTarget(target: WaiverTarget): string {
  return typeof target === 'string' ? target : `label ${target.label}`;
}
