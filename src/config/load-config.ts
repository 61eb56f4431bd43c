import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError, UsageError } from '../errors.js';
import { readInputText, fileErrorReason } from '../files/input-file.js';
import { isRecord } from '../model/json-value.js';
import type { RuleSetting, Waiver, WaiverTarget } from '../model/policy.js';
import type { Severity } from '../model/severity.js';
import type { RuleMeta } from '../rules/define-rule.js';
import type { Profile, RuleOptions } from '../model/profile.js';
import { unknownRule } from '../rules/unknown-rule.js';
import { parseLocatedYaml, type Loc, type Located } from '../yaml/located-yaml.js';
import { configSchema, DATE_PATTERN } from './config-schema.js';

/** `.dockward.yaml`, checked: whatever failed validation is left out and reported. */
export interface DockwardConfig {
  file: string;
  failOn?: Severity | 'none';
  profile?: Profile | 'all';
  rules: Record<string, RuleSetting>;
  waivers: Waiver[];
}

export interface LoadedConfig {
  config: DockwardConfig;
  problems: InputError[];
}

export async function readConfigFile(file: string, rules: readonly RuleMeta[]): Promise<LoadedConfig> {
  let text: string;
  try {
    text = readInputText(file);
  } catch (error) {
    throw new UsageError(`cannot read the configuration ${file}: ${fileErrorReason(error)}`);
  }
  return parseConfig(text, file, rules);
}

function toPlain(node: Located): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  return Object.fromEntries([...node.entries].map(([key, entry]) => [key, toPlain(entry.value)]));
}

/** The node an ajv instance path points at, and where its key is written (for map entries). */
function nodeAt(root: Located, segments: readonly string[]): { node: Located; key?: Loc } {
  let node = root;
  let key: Loc | undefined;
  for (const segment of segments) {
    if (node.kind === 'map') {
      const entry = node.entries.get(segment);
      if (!entry) break;
      ({ value: node, key } = entry);
    } else if (node.kind === 'seq') {
      const item = node.items[Number(segment)];
      if (!item) break;
      node = item;
      key = undefined;
    } else break;
  }
  return { node, ...(key && { key }) };
}

const segmentsOf = (instancePath: string): string[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

function keyName(segments: readonly string[]): string {
  return segments.reduce((name, segment) => (/^\d+$/.test(segment) ? `${name}[${segment}]` : name ? `${name}.${segment}` : segment), '');
}

/** What would be valid, in words: the part of each message a user acts on. */
function describeError(error: ErrorObject, rules: readonly RuleMeta[]): { extraKey?: string; problem: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extraKey = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      if (error.instancePath === '/rules') {
        return {
          extraKey,
          problem: unknownRule(
            rules.map((rule) => rule.id),
            extraKey,
          ),
        };
      }
      return { extraKey, problem: `unknown key; valid keys here: ${allowed.join(', ')}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      if (allowed.length > 12) {
        return { problem: `must be a rule id (dockward rules lists them)` };
      }
      return { problem: `must be one of ${allowed.join(', ')}` };
    }
    case 'required':
      return { problem: `missing required key "${String(params['missingProperty'])}"` };
    case 'type':
      return {
        problem: `must be ${params['type'] === 'object' ? 'a map' : params['type'] === 'array' ? 'a list' : `a ${String(params['type'])}`}`,
      };
    case 'pattern':
      return {
        problem: params['pattern'] === DATE_PATTERN ? 'must be a date written YYYY-MM-DD' : `must match ${String(params['pattern'])}`,
      };
    case 'minLength':
      return { problem: 'must not be empty' };
    default:
      return { problem: error.message ?? 'is not valid' };
  }
}

let compiled: { rules: readonly RuleMeta[]; validate: ValidateFunction } | undefined;

function validator(rules: readonly RuleMeta[]): ValidateFunction {
  if (compiled?.rules !== rules) {
    // ajv is CommonJS; loaded only when a configuration file exists.
    const Ajv = createRequire(import.meta.url)('ajv') as typeof import('ajv').default;
    compiled = {
      rules,
      validate: new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(configSchema(rules)),
    };
  }
  return compiled.validate;
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Validates the configuration against its JSON Schema and turns it into a
 * policy. Each error names the file, line, column and key, and what would be
 * valid; the entry at fault (a top-level key, one rule, one waiver) is left
 * out and the rest applies.
 */
export function parseConfig(text: string, file: string, rules: readonly RuleMeta[]): LoadedConfig {
  let root: Located;
  try {
    root = parseLocatedYaml(text, file);
  } catch (error) {
    // Unreadable YAML is a problem like a schema error: reported, and the audit runs with the defaults.
    if (error instanceof InputError) return { config: { file, rules: {}, waivers: [] }, problems: [error] };
    throw error;
  }
  const plain: unknown = root.kind === 'scalar' && root.value === null ? {} : toPlain(root);
  const problems: InputError[] = [];
  const rejected = new Set<string>();
  const reject = (segments: readonly string[], problem: string, extraKey?: string) => {
    const path = extraKey === undefined ? segments : [...segments, extraKey];
    const { node, key } = nodeAt(root, path);
    // An unknown key is pointed at where it is written; a wrong value at the value.
    const at = (extraKey !== undefined ? key : undefined) ?? node.loc;
    problems.push(new InputError({ file, line: at.line, column: at.column, ...(path.length > 0 && { key: keyName(path) }) }, problem));
    // The unit that is left out: a top-level key, or one entry of rules or waivers.
    rejected.add(path.slice(0, path[0] === 'rules' || path[0] === 'waivers' ? 2 : 1).join('/'));
  };

  const validate = validator(rules);
  if (!validate(plain)) {
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if') continue;
      const { extraKey, problem } = describeError(error, rules);
      reject(segmentsOf(error.instancePath), problem, extraKey);
    }
  }
  if (!isRecord(plain)) return { config: { file, rules: {}, waivers: [] }, problems };

  const config: DockwardConfig = { file, rules: {}, waivers: [] };
  if (plain['failOn'] !== undefined && !rejected.has('failOn')) config.failOn = plain['failOn'] as Severity | 'none';
  if (plain['profile'] !== undefined && !rejected.has('profile')) config.profile = plain['profile'] as Profile | 'all';
  const settings = rejected.has('rules')
    ? {}
    : ((plain['rules'] ?? {}) as Record<string, string | { severity?: Severity; options?: RuleOptions }>);
  for (const [id, setting] of Object.entries(settings)) {
    if (!rejected.has(`rules/${id}`)) config.rules[id] = toRuleSetting(setting);
  }
  const waivers = rejected.has('waivers') ? [] : ((plain['waivers'] ?? []) as Record<string, unknown>[]);
  waivers.forEach((entry, index) => {
    if (rejected.has(`waivers/${index}`)) return;
    const expires = String(entry['expires']);
    if (!isRealDate(expires)) return reject(['waivers', String(index), 'expires'], 'is not a date in the calendar (YYYY-MM-DD)');
    const { node } = nodeAt(root, ['waivers', String(index)]);
    config.waivers.push({
      rule: String(entry['rule']),
      target: entry['target'] as WaiverTarget,
      reason: String(entry['reason']),
      owner: String(entry['owner']),
      expires,
      ...(typeof entry['user'] === 'string' && { user: entry['user'] }),
      location: { file: node.loc.file, line: node.loc.line, column: node.loc.column },
    });
  });
  problems.sort((a, b) => (a.position.line ?? 0) - (b.position.line ?? 0) || (a.position.column ?? 0) - (b.position.column ?? 0));
  return { config, problems };
}

function toRuleSetting(setting: string | { severity?: Severity; options?: RuleOptions }): RuleSetting {
  if (setting === 'off') return { off: true };
  if (typeof setting === 'string') return { severity: setting as Severity };
  return { ...(setting.severity && { severity: setting.severity }), ...(setting.options && { options: setting.options }) };
}
