import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseSince } from './watch-command.js';

const NOW = 1_700_000_000.75;

describe('watch --since', () => {
  it('takes Unix seconds, RFC 3339 dates and durations before now, as docker events does', () => {
    expect(parseSince('1699990000', NOW)).toBe(1699990000);
    expect(parseSince('1699990000.9', NOW)).toBe(1699990000);
    expect(parseSince('2023-11-14T22:13:20Z', NOW)).toBe(1700000000);
    expect(parseSince('2023-11-14T23:13:20+01:00', NOW)).toBe(1700000000);
    expect(parseSince('10m', NOW)).toBe(1_700_000_000 - 600);
    expect(parseSince('1h30m', NOW)).toBe(1_700_000_000 - 5400);
  });

  it('refuses anything else with a usage error', () => {
    for (const value of ['', 'yesterday', '10 minutes', '-5m', '1d', 'Nov 14 2023'])
      expect(() => parseSince(value, NOW)).toThrow(UsageError);
  });
});
