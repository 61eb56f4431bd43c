// npm run docs: rewrites the generated documentation from the rules' metadata:
// the table of rules in docs/rules/README.md, docs/rules/<id>.md for every rule, and the
// JSON Schema of .dockward.yaml (schema/dockward.schema.json); and the
// README's sample output, by running dockward on docs/examples/.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderRuleMarkdown } from '../dist/docs/rule-sections.js';
import { renderSamples } from '../dist/docs/readme-samples.js';
import { renderRulesTable, replaceGeneratedSection } from '../dist/docs/rules-table.js';
import { configSchema } from '../dist/config/config-schema.js';
import { RULES } from '../dist/rules/index.js';

const readme = new URL('../README.md', import.meta.url);
const rulesDir = new URL('../docs/rules/', import.meta.url);
let changed = 0;

async function write(url, text) {
  const before = await readFile(url, 'utf8').catch(() => undefined);
  if (before !== text) {
    await writeFile(url, text);
    changed++;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));
/** What dockward prints for a sample, as a user sees it piped: no colour, no wrapping. */
const dockward = (args) =>
  spawnSync(process.execPath, ['dist/bundle/main.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  }).stdout;
await write(readme, renderSamples(await readFile(readme, 'utf8'), dockward));
const rulesIndex = new URL('README.md', rulesDir);
await write(rulesIndex, replaceGeneratedSection(await readFile(rulesIndex, 'utf8'), renderRulesTable(RULES)));
const wanted = new Set(['README.md', ...RULES.map((rule) => `${rule.id}.md`)]);
for (const file of await readdir(rulesDir)) {
  if (!wanted.has(file)) {
    await rm(new URL(file, rulesDir));
    changed++;
  }
}
for (const rule of RULES) await write(new URL(`${rule.id}.md`, rulesDir), renderRuleMarkdown(rule));
await mkdir(new URL('../schema/', import.meta.url), { recursive: true });
await write(new URL('../schema/dockward.schema.json', import.meta.url), `${JSON.stringify(configSchema(RULES), null, 2)}\n`);
console.log(changed === 0 ? 'docs are current' : `docs updated (${changed} files)`);
