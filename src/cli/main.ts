#!/usr/bin/env node
import { createRequire } from 'node:module';
import { main } from './program.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * A reader that went away (`dockward scan | head`) ends dockward quietly, as
 * SIGPIPE ends grep and Go tools: exit 141 (128 + SIGPIPE), no stack trace.
 * Node ignores SIGPIPE and reports EPIPE on the stream instead.
 */
const SIGPIPE_EXIT = 141;
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(SIGPIPE_EXIT);
  });

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, version });
