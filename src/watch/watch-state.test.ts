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
const OTHER = 'ssh://ops@b.example';

describe('the watch state file', () => {
  it("keeps each engine's position, readable by the owner only, and leaves no temporary file", async () => {
    const path = join(dir, 'state.json');
    const positions = new Map([
      [ENGINE, { since: 1700000000, handled: ['1700000000123|abc|create'] }],
      [OTHER, { since: 1700000100, handled: [] }],
    ]);
    writeWatchState(path, positions);
    expect(readWatchState(path)).toEqual({ positions });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it("reads the one-engine file of earlier versions as that engine's position", async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, JSON.stringify({ endpoint: ENGINE, since: 5, handled: ['5|x|start'] }));
    expect(readWatchState(path)).toEqual({ positions: new Map([[ENGINE, { since: 5, handled: ['5|x|start'] }]]) });
  });

  it('says why there is nothing to resume from when there is no file yet', () => {
    const path = join(dir, 'state.json');
    expect(readWatchState(path)).toEqual({ why: `${path} does not exist yet` });
  });

  it('refuses a file that is not a state file, naming it', async () => {
    for (const text of [
      '{"since": "yesterday"}',
      'not json',
      '{"endpoint":"x","since":1,"handled":[1]}',
      '{"engines":{"x":{"since":1}}}',
    ]) {
      const path = join(dir, 'state.json');
      await writeFile(path, text);
      expect(() => readWatchState(path)).toThrow(InputError);
      expect(() => readWatchState(path)).toThrow(`${path}: is not a dockward watch state file`);
    }
    expect(() => readWatchState(dir)).toThrow(InputError);
  });
});
