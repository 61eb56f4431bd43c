import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { watchLine } from './watch-line.js';

const finding: Finding = {
  ruleId: 'privileged',
  severity: 'critical',
  title: 'Container runs privileged',
  target: 'web',
  targetId: 'abc',
  engine: 'ssh://ops@b.example',
  messageId: 'privileged',
  message: 'runs privileged',
  path: 'privileged',
  fingerprint: '0123',
};
const event = { action: 'create' as const, containerId: 'abc', container: 'web', time: 1 };
const now = new Date('2026-12-04T10:00:00Z');

describe('a line of watch', () => {
  it('names the engine only when several are watched', () => {
    const colors = createColors(false);
    expect(watchLine(finding, event, colors, now)).toBe('2026-12-04T10:00:00.000Z create      web  CRITICAL privileged: runs privileged\n');
    expect(watchLine(finding, event, colors, now, { showEngine: true })).toBe(
      '2026-12-04T10:00:00.000Z create      web on ssh://ops@b.example  CRITICAL privileged: runs privileged\n',
    );
  });
});
