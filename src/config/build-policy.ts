import type { Policy } from '../model/policy.js';
import type { Profile } from '../model/profile.js';
import type { DockwardConfig } from './load-config.js';

/** What a policy is built from: the profile, the configuration file and the baseline an audit was given. */
export interface PolicySettings {
  profile: Profile | 'all';
  config?: DockwardConfig;
  /** The rule settings, where the command line changed those of the configuration file. */
  rules?: DockwardConfig['rules'];
  baseline?: Policy['baseline'];
}

/** The policy `evaluate` applies. `complete` is false when the run looked at some containers only. */
export function policyOf(settings: PolicySettings, complete: boolean, now = new Date()): Policy {
  const rules = settings.rules ?? settings.config?.rules;
  return {
    profile: settings.profile,
    ...(rules && { rules }),
    ...(settings.config && { waivers: settings.config.waivers }),
    ...(settings.baseline && { baseline: settings.baseline }),
    today: now.toISOString().slice(0, 10),
    complete,
  };
}

/**
 * For the long-running surfaces (watch, the authorization plugin): the same
 * policy object all day, so evaluation prepares its rules once, and a new one
 * when the date changes, so waivers still expire.
 */
export function dailyPolicy(settings: PolicySettings, clock: () => Date = () => new Date()): () => Policy {
  let current: Policy | undefined;
  return () => {
    const now = clock();
    if (current?.today !== now.toISOString().slice(0, 10)) current = policyOf(settings, true, now);
    return current;
  };
}
