// npm run docs: rewrites the generated parts of README.md from the rule metadata.
import { readFile, writeFile } from 'node:fs/promises';
import { renderRulesTable, replaceGeneratedSection } from '../dist/docs/rules-table.js';
import { RULES } from '../dist/rules/index.js';

const path = new URL('../README.md', import.meta.url);
const before = await readFile(path, 'utf8');
const after = replaceGeneratedSection(before, renderRulesTable(RULES));
if (after !== before) await writeFile(path, after);
console.log(after === before ? 'README.md is current' : 'README.md updated');
