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

/**
 * The command is done: once its output has reached the reader, whatever a
 * library still holds open (an ssh agent that never answered, a socket it
 * did not close) must not keep the process, and a CI job, waiting. The timer
 * does not itself hold the process, so a clean exit happens at once, as before.
 */
const LINGER_MS = 2000;
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
setTimeout(() => process.exit(), LINGER_MS).unref();
