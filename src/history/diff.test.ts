import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { diffFindings } from './diff.js';

const finding = (fingerprint: string, target = 'web'): Finding => ({
  ruleId: 'privileged',
  severity: 'critical',
  title: 't',
  target,
  targetId: target,
  messageId: 'm',
  message: fingerprint,
  path: 'privileged',
  fingerprint,
});

describe('diffFindings', () => {
  it('sorts findings into new, resolved and unchanged by fingerprint', () => {
    const diff = diffFindings([finding('a'), finding('b')], [finding('b'), finding('c')]);
    expect(diff.new.map((f) => f.fingerprint)).toEqual(['c']);
    expect(diff.resolved.map((f) => f.fingerprint)).toEqual(['a']);
    expect(diff.unchanged.map((f) => f.fingerprint)).toEqual(['b']);
  });

  it('counts a repeated fingerprint as many findings', () => {
    const diff = diffFindings([finding('a')], [finding('a'), finding('a')]);
    expect(diff.new).toHaveLength(1);
    expect(diff.unchanged).toHaveLength(1);
    expect(diffFindings([finding('a'), finding('a')], [finding('a')]).resolved).toHaveLength(1);
  });

  it('finds nothing changed between a scan and itself', () => {
    const scan = [finding('a'), finding('b', 'db')];
    expect(diffFindings(scan, scan)).toEqual({ new: [], resolved: [], unchanged: scan });
  });
});
