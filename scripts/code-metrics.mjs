// Prints figures about the source tree that issue reviews ask for: rule ids
// spelled as string literals outside src/rules, functions over 80 lines and
// lines over 140 characters in src/ (tests excluded).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const ruleIds = new Set(
  readdirSync(join(src, 'rules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name),
);

function* productionFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* productionFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

const literalsByFile = new Map();
const longFunctions = [];
let longLines = 0;
for (const file of productionFiles(src)) {
  const name = relative(root, file);
  const text = readFileSync(file, 'utf8');
  longLines += text.split('\n').filter((line) => line.length > 140).length;
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      ruleIds.has(node.text) &&
      !name.startsWith('src/rules/')
    ) {
      literalsByFile.set(name, (literalsByFile.get(name) ?? 0) + 1);
    }
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = sourceFile.getLineAndCharacterOfPosition(node.end).line;
      if (end - start + 1 > 80) longFunctions.push(`${name}:${start + 1} ${end - start + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

const total = [...literalsByFile.values()].reduce((sum, n) => sum + n, 0);
console.log(`rule-id literals outside src/rules: ${total}`);
for (const [file, n] of [...literalsByFile].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${file}`);
console.log(`functions over 80 lines: ${longFunctions.length}`);
for (const line of longFunctions) console.log(`  ${line}`);
console.log(`lines over 140 characters: ${longLines}`);
