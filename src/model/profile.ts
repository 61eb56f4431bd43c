/**
 * Named rule sets. `recommended` is the default; `baseline` and `restricted`
 * follow the Kubernetes Pod Security Standards levels; `cis` is the CIS Docker
 * Benchmark v1.6.0 section 5 (and the daemon checks the engine can report).
 * `--profile all` selects every rule.
 */
export const PROFILES = ['recommended', 'cis', 'baseline', 'restricted'] as const;
export type Profile = (typeof PROFILES)[number];
export const DEFAULT_PROFILE: Profile = 'recommended';

/** A rule's options from the configuration file, by option name: every option is a list of strings. */
export type RuleOptions = Readonly<Record<string, readonly string[]>>;
