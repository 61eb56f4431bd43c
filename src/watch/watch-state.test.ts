import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { readWatchState, writeWatchState } from './watch-state.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dw-state-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const ENGINE = 'unix:///run/docker.sock';

describe('the watch state file', () => {
  it('keeps the position for its engine, readable by the owner only, and leaves no temporary file', async () => {
    const path = join(dir, 'state.json');
    writeWatchState(path, ENGINE, { since: 1700000000, handled: ['1700000000123|abc|create'] });
    expect(readWatchState(path, ENGINE)).toEqual({ position: { since: 1700000000, handled: ['1700000000123|abc|create'] } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('starts from now, saying why, when there is no file yet or it belongs to another engine', () => {
    const path = join(dir, 'state.json');
    expect(readWatchState(path, ENGINE)).toEqual({ why: `${path} does not exist yet` });
    writeWatchState(path, 'tcp://other:2376', { since: 1, handled: [] });
    expect(readWatchState(path, ENGINE)).toEqual({ why: `${path} belongs to another engine` });
  });

  it('refuses a file that is not a state file, naming it', async () => {
    for (const text of ['{"since": "yesterday"}', 'not json', '{"endpoint":"x","since":1,"handled":[1]}']) {
      const path = join(dir, 'state.json');
      await writeFile(path, text);
      expect(() => readWatchState(path, ENGINE)).toThrow(InputError);
      expect(() => readWatchState(path, ENGINE)).toThrow(`${path}: is not a dockward watch state file`);
    }
    expect(() => readWatchState(dir, ENGINE)).toThrow(InputError);
  });
});
