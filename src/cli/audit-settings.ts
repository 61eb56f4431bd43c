import { access } from 'node:fs/promises';
import { findConfigFile } from '../config/find-config.js';
import type { PolicySettings } from '../config/build-policy.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { InputError } from '../errors.js';
import type { Severity } from '../model/severity.js';
import type { Format } from '../reporters/formats.js';
import { fingerprinter, fingerprintKey } from '../secrets/classify.js';
import { parseFailOn, parseFormat, parseProfile, type ReportOptions } from './options.js';

/** Everything an audit applies, from the flags first, then the configuration file, then the defaults. */
export interface AuditSettings extends PolicySettings {
  format: Format;
  failOn: Severity | 'none';
  /** Errors in the configuration file: reported, exit 2, while the rest of it applies. */
  configProblems: InputError[];
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
