import { createColors } from 'picocolors';
import { describeRule } from '../evaluation/report.js';
import { UsageError } from '../errors.js';
import { terminalSafe } from '../reporters/escape.js';
import { inProfile } from '../rules/define-rule.js';
import { RULES } from '../rules/index.js';
import { unknownRule } from '../rules/unknown-rule.js';
import { parseProfile, useColor, type CliIO } from './options.js';
import { formatExplain, formatRuleTable } from '../reporters/explain.js';
import { ExitCode } from './exit-codes.js';

export interface RulesOptions {
  format: string;
  profile?: string;
}

/** `dockward rules`: the catalogue, or the rules of one profile. */
export function runRules(options: RulesOptions, io: CliIO): number {
  const profile = options.profile === undefined ? 'all' : parseProfile(options.profile);
  const rules = RULES.filter((rule) => inProfile(rule, profile));
  if (options.format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        rules.map((rule) => ({ ...describeRule(rule), scope: rule.scope })),
        null,
        2,
      )}\n`,
    );
    return ExitCode.ok;
  }
  if (options.format !== 'table') throw new UsageError(`--format must be table or json (got "${options.format}")`);
  io.stdout.write(formatRuleTable(rules));
  return ExitCode.ok;
}

/** `dockward explain RULE`: everything the rule knows, for a person reading a terminal. */
export function runExplain(id: string, io: CliIO): number {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) {
    throw new UsageError(
      unknownRule(
        RULES.map((rule) => rule.id),
        terminalSafe(id),
      ),
    );
  }
  io.stdout.write(formatExplain(rule, createColors(useColor(io.stdout, io.env))));
  return ExitCode.ok;
}
