// Preloaded with --import: samples the process's allocations, those the
// collector has taken included (which a heap snapshot no longer shows), and
// prints on exit the 30 functions that allocated most, on their own and with
// what they call. What a run allocates is what its scavenges cost.
import { writeSync } from 'node:fs';
import { Session } from 'node:inspector';
import { frameName, largest } from './profile-frames.mjs';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', {
  samplingInterval: 1024,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
});

process.on('exit', () => {
  // The in-process session answers before post returns, so this runs before the process ends.
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) {
      writeSync(2, `allocation sampling failed: ${error.message}\n`);
      return;
    }
    const own = new Map();
    const inclusive = new Map();
    let total = 0;
    const visit = (node, above) => {
      const key = frameName(node.callFrame);
      const path = above.includes(key) ? above : [...above, key];
      total += node.selfSize;
      own.set(key, (own.get(key) ?? 0) + node.selfSize);
      for (const frame of path) inclusive.set(frame, (inclusive.get(frame) ?? 0) + node.selfSize);
      for (const child of node.children) visit(child, path);
    };
    visit(result.profile.head, []);
    const top = (sizes) =>
      largest(sizes, 30)
        .map(([key, bytes]) => `${(bytes / 2 ** 20).toFixed(1).padStart(7)} MiB  ${key}`)
        .join('\n');
    writeSync(
      2,
      `${(total / 2 ** 20).toFixed(0)} MiB allocated (sampled)\n\non their own:\n${top(own)}\n\nwith what they call:\n${top(inclusive)}\n`,
    );
  });
});
