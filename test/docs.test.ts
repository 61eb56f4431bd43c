import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderRulesTable, replaceGeneratedSection } from '../src/docs/rules-table.js';
import { RULES } from '../src/rules/index.js';

it('README.md lists every rule as the metadata says (run npm run docs after changing a rule)', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  expect(replaceGeneratedSection(readme, renderRulesTable(RULES))).toBe(readme);
});

it('has unique rule ids and complete metadata', () => {
  const ids = RULES.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of RULES) {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    for (const field of [rule.title, rule.rationale, rule.attack, rule.remediation, rule.fix.run, rule.fix.compose]) {
      expect(field.length, rule.id).toBeGreaterThan(10);
    }
    if (rule.scope === 'container') expect(rule.verify, rule.id).toMatch(/^docker inspect -f '.+' <container>/);
    else expect(rule.verify.length, rule.id).toBeGreaterThan(10);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
  }
});
