import { describe, expect, it } from 'vitest';
import { findSecretFormats } from './secret-formats.js';

const MIB = 1024 * 1024;
/** Repeats a piece to 1 MiB: the largest value a request body the daemon forwards can hold. */
const fill = (piece: string) => piece.repeat(Math.ceil(MIB / piece.length)).slice(0, MIB);

/**
 * Values built to make a backtracking pattern retry at every position: the
 * prefixes of each format this project or secretlint's preset checks,
 * repeated, with and without the rest of the format. A quadratic pattern
 * takes minutes on these (the OpenAI and JWT patterns did: about six minutes
 * each at 1 MiB); a linear one well under a second.
 */
const ADVERSARIAL: Record<string, string> = {
  'openai prefix': fill('sk-'),
  'openai project prefix': fill('sk-proj-'),
  'openai marker without its tail': fill(`sk-${'a'.repeat(20)}T3BlbkFJ`),
  'jwt prefix at boundaries': fill('eyJ-'),
  'jwt prefix': fill('eyJ'),
  'jwt two segments': fill('eyJaaaaaaaa.eyJaaaaaaaa.'),
  'aws prefix': fill('AKIA'),
  'pem header': fill('-----BEGIN '),
  'pem header words': fill(`-----BEGIN ${'A '.repeat(20)}`),
  'stripe prefix': fill('sk_live_'),
  'google prefix': fill('AIza-'),
  'github prefix': fill('ghp_'),
  'gitlab prefix': fill('glpat-'),
  'npm prefix': fill('npm_'),
  'slack prefix': fill('xoxb-'),
  'slack webhook': fill('https://hooks.slack.com/services/'),
  'url with user': fill('http://a:'),
  'url with credentials': fill('a://b:c@'),
  'database url': fill('mongodb://u:p@'),
  'basic auth': fill('Basic '),
  'bearer header': fill('Authorization: Bearer '),
  'gcp key file': fill('"type": "service_account",'),
  'json pairs': fill('"a":"b",'),
  lines: fill('a\n'),
  words: fill('a '),
  'one character': fill('a'),
  dashes: fill('-'),
  'at signs': fill('@'),
  hex: fill('0123456789abcdef'),
  'tailscale prefix': fill('tskey-auth-a-'),
  'discord webhook': fill('discord.com/api/webhooks/1/'),
  'teams webhook': fill('.webhook.office.com/webhookb2/'),
  'application key prefix': fill('base64:'),
  'password hash prefix': fill(':$2y$05$a$'),
};

/** Far above a linear pass (well under 0.5 s here), far below a quadratic one (minutes). */
const BUDGET_MS = 3000;

describe('every secret format runs in linear time', () => {
  for (const [name, value] of Object.entries(ADVERSARIAL)) {
    it(`${name}, 1 MiB`, async () => {
      const started = performance.now();
      await findSecretFormats([{ name: 'VALUE', value }]);
      expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    });
  }

  it('still finds the formats the linear checks replaced', async () => {
    const openai = `sk-proj-${'A1b2'.repeat(10)}T3BlbkFJ${'c3D4'.repeat(10)}`;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const formats = await findSecretFormats([
      { name: 'OPENAI_API_KEY', value: openai },
      { name: 'TOKEN', value: `Bearer ${jwt}` },
      { name: 'NOT_A_KEY', value: `sk-${'a'.repeat(19)}T3BlbkFJ${'b'.repeat(20)}` },
      { name: 'NOT_A_JWT', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.short' },
    ]);
    expect(formats.of('OPENAI_API_KEY', openai)?.kind).toBe('openai');
    expect(formats.of('TOKEN', `Bearer ${jwt}`)?.kind).toBe('jwt');
    expect(formats.of('NOT_A_KEY', `sk-${'a'.repeat(19)}T3BlbkFJ${'b'.repeat(20)}`)).toBeUndefined();
    expect(formats.of('NOT_A_JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.short')).toBeUndefined();
  });
});
