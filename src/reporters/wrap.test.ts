import { describe, expect, it } from 'vitest';
import { wrapLine } from './wrap.js';

describe('wrapLine', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapLine('  HIGH  host-pid  shares the host PID namespace', 80)).toBe('  HIGH  host-pid  shares the host PID namespace');
  });

  it('breaks at spaces with a hanging indent where the message starts, never in a word', () => {
    const line = `  12:5  CRITICAL  privileged  web: ${'runs privileged with every capability and device '.repeat(3).trim()}`;
    const wrapped = wrapLine(line, 60).split('\n');
    expect(wrapped.every((part) => part.length <= 60)).toBe(true);
    const indent = line.indexOf('web:');
    for (const part of wrapped.slice(1)) expect(part).toMatch(new RegExp(`^ {${indent}}\\S`));
    expect(wrapped.join(' ').replace(/\s+/g, ' ')).toBe(line.replace(/\s+/g, ' '));
  });

  it('counts only visible characters, so colour does not wrap early, and keeps a long word whole', () => {
    const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
    const line = `  ${red('HIGH    ')}  rule  ${'word '.repeat(10).trim()}`;
    expect(wrapLine(line, 80)).toBe(line);
    const long = `  x  ${'a'.repeat(100)} end`;
    expect(wrapLine(long, 40).split('\n')).toEqual([`  x  ${'a'.repeat(100)}`, '     end']);
  });

  it('breaks a word too long for the room after its commas, and starts a piece too long for the indent two spaces in', () => {
    const line = `${' '.repeat(30)}fix: --mount type=bind,source=./secrets/app_db_password.txt,target=/run/secrets/app_db_password,readonly`;
    const wrapped = wrapLine(line, 70).split('\n');
    expect(wrapped.every((part) => part.length <= 70)).toBe(true);
    expect(wrapped.join('').replace(/\s/g, '')).toBe(line.replace(/\s/g, ''));
    expect(wrapped.some((part) => part.endsWith(','))).toBe(true);
  });
});
