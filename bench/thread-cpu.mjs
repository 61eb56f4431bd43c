// Preloaded with --import: prints, on exit, the CPU time (user and system, in
// ms) of the main thread and of all the others together (V8's compiler and
// collector helpers, libuv's pool). On two cores the helpers compete with the
// main thread and with dockerd; docs/performance.md shows what they cost.
import { readdirSync, readFileSync, writeSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

process.on('exit', () => {
  const cpu = { main: 0, other: 0 };
  for (const thread of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    cpu[thread === String(process.pid) ? 'main' : 'other'] += ms;
  }
  writeSync(2, `thread-cpu-ms=${JSON.stringify(cpu)}\n`);
});
