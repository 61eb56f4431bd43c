import type { Colors } from 'picocolors/types.js';
import { ruleSections, ruleSummary } from '../docs/rule-sections.js';
import type { Rule } from '../rules/define-rule.js';
import { formatColumns } from './columns.js';

/** `dockward rules` as a table. */
export function formatRuleTable(rules: readonly Rule[]): string {
  return formatColumns([
    ['id', 'severity', 'profiles', 'CIS', 'title'],
    ...rules.map((rule) => [rule.id, rule.severity, rule.profiles.join(','), rule.cis ?? '', rule.title]),
  ]);
}

/** `dockward explain RULE`: everything the rule knows, in the sections its documentation page has. */
export function formatExplain(rule: Rule, colors: Colors): string {
  const out: string[] = [`${colors.bold(rule.id)}  ${rule.title}`, colors.dim(ruleSummary(rule)), ''];
  for (const section of ruleSections(rule)) {
    out.push(colors.bold(section.heading));
    for (const paragraph of section.paragraphs ?? []) out.push(`  ${paragraph}`);
    for (const line of section.lines ?? []) out.push(`  ${line.label ? `${colors.dim(`${line.label}:`)} ` : ''}${line.text}`);
    out.push('');
  }
  return out.join('\n');
}
