import { describe, expect, it } from 'vitest';
import { globToRegExp } from './selectors.js';

describe('globToRegExp', () => {
  it('takes * for any run of characters and everything else as written, ? included', () => {
    expect(globToRegExp('web-*').test('web-1.2')).toBe(true);
    expect(globToRegExp('web-?').test('web-1')).toBe(false);
    expect(globToRegExp('web-?').test('web-?')).toBe(true);
    expect(globToRegExp('a.b(c)').test('aXb(c)')).toBe(false);
  });

  it('takes ? for any one character for the patterns of ssh files', () => {
    const pattern = globToRegExp('node-?.lan', 'i', { anyOneCharacter: true });
    expect(pattern.test('NODE-7.lan')).toBe(true);
    expect(pattern.test('node-17.lan')).toBe(false);
    expect(pattern.test('node-7xlan')).toBe(false);
  });
});
