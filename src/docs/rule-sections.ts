import { labelledFixes, type RuleMeta } from '../rules/define-rule.js';

/** What the documentation needs of a rule: everything but its messages and check. */
export type RuleDocs = Omit<RuleMeta, 'messages'>;

export interface RuleSection {
  heading: string;
  /** Paragraphs, or labelled lines when `lines` is set. */
  paragraphs?: string[];
  lines?: { label?: string; text: string; code?: boolean }[];
}

/**
 * What a rule teaches, in the order `dockward explain` and docs/rules/<id>.md
 * show it. Both render these sections, so they cannot drift apart.
 */
export function ruleSections(rule: RuleDocs): RuleSection[] {
  return [
    { heading: 'Why it matters', paragraphs: [rule.rationale] },
    { heading: 'Attack scenario', paragraphs: [rule.attack] },
    {
      heading: 'Fix',
      paragraphs: [rule.remediation],
      lines: labelledFixes(rule).map(({ syntax, label, text }) => ({ label, text, ...(syntax === 'run' && { code: true }) })),
    },
    {
      heading: 'Check by hand',
      lines: [
        { ...(rule.verifyInCluster !== undefined && { label: 'Docker' }), text: rule.verify, code: true },
        ...(rule.verifyInCluster !== undefined ? [{ label: 'Kubernetes', text: rule.verifyInCluster, code: true }] : []),
      ],
    },
    ...(rule.options
      ? [
          {
            heading: 'Options (.dockward.yaml)',
            lines: Object.entries(rule.options).map(([name, option]) => ({
              label: `rules.${rule.id}.options.${name}`,
              text: `${option.description}; for example [${option.example.join(', ')}]`,
            })),
          },
        ]
      : []),
    { heading: 'References', lines: rule.references.map((reference) => ({ text: reference })) },
  ];
}

export function ruleSummary(rule: RuleDocs): string {
  return [
    rule.severity,
    rule.cis ? `CIS Docker Benchmark v1.6.0 ${rule.cis}` : undefined,
    `profiles: ${rule.profiles.join(', ') || 'all only'}`,
    rule.liveChangeSeverity ? `${rule.liveChangeSeverity} in authz serve for a change to a running container` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** docs/rules/<id>.md */
export function renderRuleMarkdown(rule: RuleDocs): string {
  const parts = [`# \`${rule.id}\`: ${rule.title}`, '', `_${ruleSummary(rule)}_`, ''];
  for (const section of ruleSections(rule)) {
    parts.push(`## ${section.heading}`, '');
    for (const paragraph of section.paragraphs ?? []) parts.push(paragraph, '');
    for (const line of section.lines ?? []) {
      const text = line.code ? `\`${line.text}\`` : line.text;
      parts.push(`- ${line.label ? `**${line.label}:** ` : ''}${text}`);
    }
    if (section.lines?.length) parts.push('');
  }
  parts.push("<!-- generated from the rule's metadata by npm run docs; edit the rule, not this file -->", '');
  return parts.join('\n');
}
