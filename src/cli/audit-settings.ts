import { access } from 'node:fs/promises';
import { findConfigFile } from '../config/find-config.js';
import type { DockwardConfig, LoadedConfig } from '../config/load-config.js';
import type { InputError } from '../errors.js';
import type { Policy } from '../model/policy.js';
import type { Severity } from '../model/severity.js';
import type { Format } from '../reporters/formats.js';
import type { Profile } from '../model/profile.js';
import { fingerprinter, fingerprintKey } from '../secrets/classify.js';
import { parseFailOn, parseFormat, parseProfile, type ReportOptions } from './options.js';

/** Everything an audit applies, from the flags first, then the configuration file, then the defaults. */
export interface AuditSettings {
  format: Format;
  failOn: Severity | 'none';
  profile: Profile | 'all';
  config?: DockwardConfig;
  /** Errors in the configuration file: reported, exit 2, while the rest of it applies. */
  configProblems: InputError[];
  baseline?: { file: string; fingerprints: ReadonlySet<string> };
  /** How findings fingerprint a secret: keyed by DOCKWARD_FINGERPRINT_KEY, or one random key per process. */
  secretFingerprint: (value: string) => string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The validator, YAML parser and rule catalogue load only when there is a configuration file. */
async function readConfig(file: string): Promise<LoadedConfig> {
  const [{ readConfigFile }, { RULES }] = await Promise.all([import('../config/load-config.js'), import('../rules/index.js')]);
  return readConfigFile(file, RULES);
}

export async function resolveAuditSettings(options: ReportOptions, cwd = process.cwd()): Promise<AuditSettings> {
  const format = parseFormat(options.format);
  const configFile = options.config ?? (await findConfigFile(cwd, exists));
  const loaded = configFile === undefined ? undefined : await readConfig(configFile);
  const config = loaded?.config;
  const baseline =
    options.baseline === undefined ? undefined : await (await import('../config/baseline-file.js')).readBaseline(options.baseline);
  return {
    format,
    failOn: parseFailOn(options.failOn ?? config?.failOn),
    profile: parseProfile(options.profile ?? config?.profile),
    ...(config && { config }),
    configProblems: loaded?.problems ?? [],
    ...(baseline && { baseline }),
    secretFingerprint: fingerprinter(fingerprintKey(process.env)),
  };
}

/** The policy `evaluate` applies. `complete` is false when the run looked at some containers only. */
export function policyOf(settings: AuditSettings, complete: boolean, now = new Date()): Policy {
  return {
    profile: settings.profile,
    ...(settings.config && { rules: settings.config.rules, waivers: settings.config.waivers }),
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
export function dailyPolicy(settings: AuditSettings, clock: () => Date = () => new Date()): () => Policy {
  let current: Policy | undefined;
  return () => {
    const now = clock();
    if (current?.today !== now.toISOString().slice(0, 10)) current = policyOf(settings, true, now);
    return current;
  };
}
