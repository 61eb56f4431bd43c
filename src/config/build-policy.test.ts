import { describe, expect, it } from 'vitest';
import { dailyPolicy, type PolicySettings } from './build-policy.js';

const settings: PolicySettings = { profile: 'recommended' };

describe('dailyPolicy', () => {
  it('hands out the same policy object all day and a new one, with the new date, after midnight UTC', () => {
    let now = new Date('2026-11-30T00:00:01Z');
    const policy = dailyPolicy(settings, () => now);
    const morning = policy();
    now = new Date('2026-11-30T23:59:59Z');
    expect(policy()).toBe(morning);
    expect(morning.today).toBe('2026-11-30');
    now = new Date('2026-12-01T00:00:00Z');
    const next = policy();
    expect(next).not.toBe(morning);
    expect(next).toMatchObject({ today: '2026-12-01', profile: 'recommended', complete: true });
  });
});
