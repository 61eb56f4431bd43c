import { SEVERITIES } from '../model/severity.js';
import type { RuleMeta } from '../rules/define-rule.js';
import { PROFILES } from '../model/profile.js';

/** The file names dockward looks for, in this order, in the working directory and its parents. */
export const CONFIG_FILE_NAMES = ['.dockward.yaml', '.dockward.yml'] as const;

export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

type JsonSchema = Record<string, unknown>;

/** A string, or else a map: if/then/else gives one precise error per wrong value where oneOf gives several. */
function stringOrMap(string: JsonSchema, map: JsonSchema): JsonSchema {
  return { if: { type: 'string' }, then: string, else: { type: 'object', ...map } };
}

function ruleSettingSchema(rule: RuleMeta): JsonSchema {
  const options = Object.entries(rule.options ?? {});
  return {
    description: `${rule.title} (default severity ${rule.severity})`,
    ...stringOrMap(
      { type: 'string', enum: ['off', ...SEVERITIES] },
      {
        properties: {
          severity: { enum: [...SEVERITIES] },
          ...(options.length > 0 && {
            options: {
              type: 'object',
              properties: Object.fromEntries(
                options.map(([name, option]) => [
                  name,
                  { description: option.description, type: 'array', items: { type: 'string', minLength: 1 }, examples: [option.example] },
                ]),
              ),
              additionalProperties: false,
            },
          }),
        },
        additionalProperties: false,
      },
    ),
  };
}

/**
 * The JSON Schema of `.dockward.yaml`, built from the rule catalogue so that
 * rule ids and rule options cannot drift from the code. Shipped as
 * schema/dockward.schema.json for editors; the CLI validates with the same object.
 */
export function configSchema(rules: readonly RuleMeta[]): JsonSchema {
  const ruleIds = rules.map((rule) => rule.id);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'dockward configuration (.dockward.yaml)',
    type: 'object',
    properties: {
      failOn: {
        description: 'exit 1 when an unwaived finding is at or above this severity (--fail-on overrides it)',
        enum: [...SEVERITIES, 'none'],
      },
      profile: { description: 'the rule set to apply (--profile overrides it)', enum: [...PROFILES, 'all'] },
      rules: {
        description:
          'per rule: off, a severity, or {severity, options}; a rule given a severity or options is applied whatever the profile',
        type: 'object',
        properties: Object.fromEntries(rules.map((rule) => [rule.id, ruleSettingSchema(rule)])),
        additionalProperties: false,
      },
      waivers: {
        description: 'accepted risks: a waived finding is still reported, marked waived, and does not count toward failOn',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            rule: { description: 'the rule id the waiver accepts', enum: ruleIds },
            target: {
              description: 'a glob (* is a wildcard) on the container, Compose service or image name, or {label: "key=value"}',
              ...stringOrMap(
                { type: 'string', minLength: 1 },
                { properties: { label: { type: 'string', minLength: 1 } }, required: ['label'], additionalProperties: false },
              ),
            },
            reason: { description: 'why the risk is acceptable', type: 'string', minLength: 1 },
            owner: { description: 'who answers for it', type: 'string', minLength: 1 },
            expires: {
              description: 'the last day the waiver applies (YYYY-MM-DD); after it the finding counts again',
              type: 'string',
              pattern: DATE_PATTERN,
            },
            user: {
              description:
                'in the authorization plugin only: the API user (from a TLS client certificate or an authentication plugin) the ' +
                'waiver is limited to; a waiver that targets a label applies there only with it, since a requester writes its own ' +
                'labels',
              type: 'string',
              minLength: 1,
            },
          },
          required: ['rule', 'target', 'reason', 'owner', 'expires'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  };
}
