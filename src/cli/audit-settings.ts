import { access } from 'node:fs/promises';
import { findConfigFile } from '../config/find-config.js';
import type { PolicySettings } from '../config/build-policy.js';
import type { DockwardConfig, LoadedConfig } from '../config/load-config.js';
import { UsageError, type InputError } from '../errors.js';
import type { RuleSetting } from '../model/policy.js';
import { terminalSafe } from '../reporters/escape.js';
import { unknownRule } from '../rules/unknown-rule.js';
import type { Severity } from '../model/severity.js';
import type { Format } from '../reporters/formats.js';
import { fingerprinter, fingerprintKey } from '../secrets/classify.js';
import { parseFailOn, parseFormat, parseProfile, parseSeverities, type ReportOptions } from './options.js';

/** Everything an audit applies, from the flags first, then the configuration file, then the defaults. */
export interface AuditSettings extends PolicySettings {
  format: Format;
  failOn: Severity | 'none';
  /** Errors in the configuration file: reported, exit 2, while the rest of it applies. */
  configProblems: InputError[];
  /** How findings fingerprint a secret: keyed by DOCKWARD_FINGERPRINT_KEY, or one random key per process. */
  secretFingerprint: (value: string) => string;
  /** --severity: what the report shows; --fail-on still judges every finding. */
  shownSeverities?: ReadonlySet<Severity>;
}

/**
 * The rule settings of the configuration file with --disable-rule and
 * --enable-rule on top, as hadolint's --ignore: a rule enabled here runs
 * whatever the profile, with the settings the file gives it.
 */
async function ruleSettings(options: ReportOptions, config: DockwardConfig | undefined): Promise<Record<string, RuleSetting> | undefined> {
  const disabled = options.disableRule ?? [];
  const enabled = options.enableRule ?? [];
  if (disabled.length === 0 && enabled.length === 0) return config?.rules;
  const { RULES } = await import('../rules/index.js');
  const known = new Set(RULES.map((rule) => rule.id));
  for (const [flag, ids] of [
    ['--disable-rule', disabled],
    ['--enable-rule', enabled],
  ] as const)
    for (const id of ids) if (!known.has(id)) throw new UsageError(`${flag}: ${unknownRule(known, terminalSafe(id))}`);
  const rules: Record<string, RuleSetting> = { ...config?.rules };
  for (const id of enabled) {
    const setting = rules[id];
    rules[id] = setting === undefined || setting.off === true ? {} : setting;
  }
  for (const id of disabled) rules[id] = { off: true };
  return rules;
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
  const shownSeverities = parseSeverities(options.severity);
  const rules = await ruleSettings(options, config);
  return {
    format,
    failOn: parseFailOn(options.failOn ?? config?.failOn),
    profile: parseProfile(options.profile ?? config?.profile),
    ...(config && { config }),
    ...(rules && { rules }),
    ...(shownSeverities && { shownSeverities }),
    configProblems: loaded?.problems ?? [],
    ...(baseline && { baseline }),
    secretFingerprint: fingerprinter(fingerprintKey(process.env)),
  };
}
