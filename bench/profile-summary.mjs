// node bench/profile-summary.mjs DIR [N]: the N (default 30) functions with
// the most time of their own and the most time including what they call,
// from the first .cpuprofile in DIR, as `node --cpu-prof --cpu-prof-dir=DIR`
// writes it. A function that calls itself is counted once per sample.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameName, largest } from './profile-frames.mjs';

const [dir, shown = '30'] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: node bench/profile-summary.mjs DIR [N]');
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const name = (node) => frameName(node.callFrame);

const own = new Map();
const inclusive = new Map();
let total = 0;
profile.samples.forEach((id, index) => {
  const us = profile.timeDeltas[index] ?? 0;
  total += us;
  const sampled = name(nodes.get(id));
  own.set(sampled, (own.get(sampled) ?? 0) + us);
  const counted = new Set();
  for (let at = id; at !== undefined; at = parents.get(at)) {
    const key = name(nodes.get(at));
    if (counted.has(key)) continue;
    counted.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
});

const top = (times) =>
  largest(times, Number(shown))
    .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`)
    .join('\n');
console.log(`${(total / 1000).toFixed(0)} ms sampled\n\ntime of their own:\n${top(own)}\n\nincluding what they call:\n${top(inclusive)}`);
