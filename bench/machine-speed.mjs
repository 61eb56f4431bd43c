// How fast this machine is right now: the same loop of integer arithmetic in
// five fresh processes, median and range. npm run bench prints it first and
// last, because on a shared machine the speed moves by half within minutes
// (docs/performance.md): figures of runs whose loops differ do not compare.
import { median, timeProcess } from './bench-support.mjs';

const LOOP = 'let x = 0; for (let i = 0; i < 1e8; i++) x = (x + i * 7) % 1000003; if (x < 0) console.log(x);';
const runs = [];
for (let i = 0; i < 5; i++) runs.push((await timeProcess(['-e', LOOP], {})).ms);
console.log(
  `\nmachine speed: a fixed integer loop took ${median(runs).toFixed(0)} ms (${Math.min(...runs).toFixed(0)} to ${Math.max(...runs).toFixed(0)} in 5 processes)`,
);
