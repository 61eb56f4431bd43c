import { describe, expect, it } from 'vitest';
import { findSecretFormats } from './secret-formats.js';

/** Values of no credential format, long enough to be checked. */
const filler = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => ({ name: `SETTING_${i}`, value: `plain-${tag}-value-${i}` }));
const TOKEN = { name: 'GITLAB_TOKEN', value: 'glpat-Zx9qW2eR4tY6uI8oP0aS' };

describe('findSecretFormats', () => {
  it('finds a credential however many values come before it, in one pass or several', async () => {
    expect((await findSecretFormats([TOKEN])).of(TOKEN.name, TOKEN.value)?.kind).toMatch(/gitlab/);
    const late = { ...TOKEN, name: 'GITLAB_TOKEN_LATE' };
    expect((await findSecretFormats([...filler(2500, 'a'), late])).of(late.name, late.value)?.kind).toMatch(/gitlab/);
  });

  it('stops between passes when asked, and leaves what it did not check to be checked next time', async () => {
    const token = { ...TOKEN, name: 'GITLAB_TOKEN_STOPPED' };
    let asked = 0;
    const stopped = await findSecretFormats([...filler(1500, 'b'), token], () => ++asked > 0);
    expect(asked).toBe(1);
    expect(stopped.of(token.name, token.value)).toBeUndefined();
    // Not remembered as "no format": the next run checks it.
    expect((await findSecretFormats([token])).of(token.name, token.value)?.kind).toMatch(/gitlab/);
  });
});
