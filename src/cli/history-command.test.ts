import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { runDiff, runHistory } from './history-command.js';
import type { CliIO } from './options.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dw-history-cli-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

function io(): CliIO {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  return { stdout: discard, stderr: discard, env: { NO_COLOR: '1' }, version: '0.0.0' };
}

describe('history and diff', () => {
  it('report a missing database as a usage error and create none', async () => {
    const db = join(dir, 'state', 'history.db');
    await expect(runHistory({ db, format: 'table' }, io())).rejects.toThrow(UsageError);
    await expect(runDiff(undefined, undefined, { db, format: 'json' }, io())).rejects.toThrow(`there is no history database at ${db} yet`);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('look for the default database under XDG_STATE_HOME without creating it', async () => {
    const env = { ...io(), env: { XDG_STATE_HOME: dir } };
    await expect(runHistory({ format: 'json' }, env)).rejects.toThrow(join(dir, 'dockward', 'history.db'));
    expect(existsSync(join(dir, 'dockward'))).toBe(false);
  });
});
