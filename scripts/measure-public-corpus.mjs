#!/usr/bin/env node
/**
 * Recall and unexpected findings of `dockward lint` on a corpus of public files
 * judged by hand, kept outside this repository (issue 16):
 *
 *   node scripts/measure-public-corpus.mjs <corpus folder>
 *
 * The folder holds `files/<owner>__<repo>__<path with / as __>` and
 * `expected.jsonl`, one judged risk per line: {file, target, rule, line}.
 * Each file is linted alone, under its own base name in a folder of its own,
 * as it sits in its repository. A risk counts as found when a finding of its
 * rule points at its line (or, for a Compose service, names its service);
 * findings of the judged rules that match no risk are listed for a reader to
 * judge: a false alarm, or a risk the judgment missed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = process.argv[2];
if (!corpus) {
  console.error('usage: node scripts/measure-public-corpus.mjs <corpus folder>');
  process.exit(2);
}
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const expected = readFileSync(join(corpus, 'expected.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const judgedRules = new Set(expected.map((risk) => risk.rule));
const work = mkdtempSync(join(tmpdir(), 'dw-public-corpus-'));

// Compose files, with the copies projects ship to be filled in (docker-compose.yml.example).
const isComposeName = (name) => /\.ya?ml(\.(example|sample|dist|template|tpl))?$/i.test(name);
// Compose blocks inside Markdown (judged with a why starting "[md-compose]") are counted apart: lint reads docker run lines there.
const stats = { compose: { risks: 0, found: 0 }, run: { risks: 0, found: 0 }, markdownCompose: { risks: 0, found: 0 } };
const missed = [];
const problems = [];
const unexpected = [];
for (const [index, file] of readdirSync(join(corpus, 'files')).sort().entries()) {
  const name = file.split('__').at(-1);
  const folder = join(work, String(index));
  mkdirSync(folder);
  copyFileSync(join(corpus, 'files', file), join(folder, name));
  // Exit 2 is an input problem (an env_file not in the corpus, say): the rest is still audited and counted.
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', '--profile', 'all', '--fail-on', 'none', name], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (![0, 2].includes(run.status ?? -1)) throw new Error(`${file}: exit ${run.status}: ${run.stderr}`);
  problems.push(
    ...run.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => `${file}: ${line}`),
  );
  const output = run.stdout.trim();
  const findings = output === '' ? [] : JSON.parse(output).findings.filter((finding) => judgedRules.has(finding.ruleId));
  const used = new Set();
  const kind = isComposeName(name) ? 'compose' : 'run';
  const risks = expected.filter((entry) => entry.file === file);
  // Every risk's own line first, so that matching a service by name never takes another risk's finding.
  const matches = risks.map((risk) => {
    const at = findings.findIndex((f, index) => !used.has(index) && f.ruleId === risk.rule && f.location?.line === risk.line);
    if (at !== -1) used.add(at);
    return at;
  });
  risks.forEach((risk, index) => {
    let at = matches[index] ?? -1;
    // A Compose target is named by its container_name where it has one; its id keeps the service's name.
    const service = (f) => f.targetId.split('#services.')[1] ?? f.target;
    if (at === -1) at = findings.findIndex((f, i) => !used.has(i) && f.ruleId === risk.rule && service(f) === String(risk.target));
    const counted = risk.why?.startsWith('[md-compose]') ? 'markdownCompose' : kind;
    stats[counted].risks++;
    if (at === -1) missed.push(`${file}:${risk.line} ${risk.rule} (${risk.target}): ${risk.why}`);
    else {
      used.add(at);
      stats[counted].found++;
    }
  });
  findings.forEach((f, at) => {
    if (!used.has(at)) unexpected.push(`${file}:${f.location?.line ?? '?'} ${f.ruleId} (${f.target}): ${f.message}`);
  });
}
rmSync(work, { recursive: true, force: true });

const percent = ({ found, risks }) => `${found}/${risks} (${risks === 0 ? '-' : ((100 * found) / risks).toFixed(1)}%)`;
console.log(
  `recall: Compose ${percent(stats.compose)}, run lines ${percent(stats.run)}, all ${percent({
    found: stats.compose.found + stats.run.found,
    risks: stats.compose.risks + stats.run.risks,
  })}; Compose blocks in Markdown ${percent(stats.markdownCompose)}`,
);
console.log(`\nmissed (${missed.length}):\n${missed.join('\n')}`);
console.log(`\nfindings of the judged rules that match no judged risk (${unexpected.length}), to judge by hand:\n${unexpected.join('\n')}`);
console.log(`\ninput problems (${problems.length}):\n${problems.join('\n')}`);
console.log(`\n(${basename(corpus)}: ${expected.length} judged risks)`);
