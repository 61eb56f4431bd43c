import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRuleMarkdown } from '../src/docs/rule-sections.js';
import { appliesTo } from '../src/rules/define-rule.js';
import { renderSamples, sampleArguments } from '../src/docs/readme-samples.js';
import { renderRulesTable, replaceGeneratedSection } from '../src/docs/rules-table.js';
import { configSchema } from '../src/config/config-schema.js';
import { PROFILES } from '../src/model/profile.js';
import { RULES } from '../src/rules/index.js';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(markdown: string): Set<string> {
  // A `# comment` inside a code block is not a heading.
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const headings = [...prose.matchAll(/^#+ (.+)$/gm)].map(([, text = '']) => text);
  return new Set(
    headings.map((text) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('the rule registry', () => {
  it('has unique ids and complete metadata', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      const fixes = Object.values(rule.fix).map((fix) => (typeof fix === 'string' ? fix : fix.notExpressible));
      for (const field of [rule.title, rule.rationale, rule.attack, rule.remediation, ...fixes]) {
        expect(field.length, rule.id).toBeGreaterThan(10);
      }
      // The manual check is in the words of the engine the rule's findings come from: Docker's, or the cluster's for a Kubernetes-only rule.
      if (rule.scope === 'container' && appliesTo(rule, 'run')) expect(rule.verify, rule.id).toMatch(/^docker inspect -f '.+' <container>/);
      else if (rule.scope === 'container') expect(rule.verify, rule.id).toMatch(/^kubectl get pod <pod> -o jsonpath='.+'$/);
      // A rule shared with Docker whose setting a manifest holds gives the check in a cluster too.
      if (rule.scope === 'container' && appliesTo(rule, 'run') && appliesTo(rule, 'kubernetes'))
        expect(rule.verifyInCluster, rule.id).toMatch(/^kubectl get (pod <pod> -o jsonpath='.+'|networkpolicy -n <namespace> -o yaml)$/);
      else expect(rule.verify.length, rule.id).toBeGreaterThan(10);
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      for (const profile of rule.profiles) expect(PROFILES).toContain(profile);
      if (rule.cis !== undefined) expect(rule.cis).toMatch(/^5\.\d+$/);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    }
  });

  it('registers every rule folder, and every rule lives in a folder named by its id', () => {
    const folders = readdirSync(new URL('src/rules/', root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('has table tests next to every rule, in the tester for its scope', () => {
    for (const rule of RULES) {
      const path = `src/rules/${rule.id}/${rule.id}.test.ts`;
      expect(existsSync(new URL(path, root)), path).toBe(true);
      expect(read(path), path).toContain(rule.scope === 'container' ? 'testRule(' : 'testEngineRule(');
    }
  });
});

describe('generated documentation (run npm run docs after changing a rule)', () => {
  it('docs/rules/README.md lists every rule as the metadata says', () => {
    const index = read('docs/rules/README.md');
    expect(replaceGeneratedSection(index, renderRulesTable(RULES))).toBe(index);
  });

  it("README.md's sample output is what dockward prints for it (issue 18)", () => {
    const readme = read('README.md');
    expect(sampleArguments(readme).length).toBeGreaterThan(1);
    const dockward = (args: readonly string[]) =>
      spawnSync(process.execPath, ['dist/bundle/main.js', ...args], {
        cwd: fileURLToPath(root),
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1' },
      }).stdout;
    expect(renderSamples(readme, dockward)).toBe(readme);
  });

  it('links only to files and headings that exist', () => {
    const pages = [
      'README.md',
      ...readdirSync(new URL('docs/', root))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
      'docs/rules/README.md',
    ];
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target = ''] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : posix.join(posix.dirname(page), path);
        if (!existsSync(new URL(file, root))) broken.push(`${page}: ${target}`);
        else if (anchor !== undefined && !headingAnchors(read(file)).has(anchor)) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('schema/dockward.schema.json is the schema the CLI validates with', () => {
    expect(JSON.parse(read('schema/dockward.schema.json'))).toEqual(configSchema(RULES));
  });

  it('docs/rules/<id>.md is current for every rule, and there are no others beside the index', () => {
    for (const rule of RULES) expect(read(`docs/rules/${rule.id}.md`), rule.id).toBe(renderRuleMarkdown(rule));
    expect(readdirSync(new URL('docs/rules/', root)).sort()).toEqual(['README.md', ...RULES.map((rule) => `${rule.id}.md`)].sort());
  });
});
