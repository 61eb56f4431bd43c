// Preloaded with --import: prints the process's peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `peak-rss-kib=${process.resourceUsage().maxRSS}\n`));
