import { describe, expect, it } from 'vitest';
import { fillValue, isPlaceholder, remedyField, remedyIndex, type Remedy } from './remedy.js';

describe('remedies', () => {
  it('name the spec field and the list item they are about; a decision names none', () => {
    const remove: Remedy = { kind: 'remove', path: ['securityOpt', 2] };
    const set: Remedy = { kind: 'set', path: ['capDrop'], value: ['ALL'] };
    expect([remedyField(remove), remedyIndex(remove)]).toEqual(['securityOpt', 2]);
    expect([remedyField(set), remedyIndex(set)]).toEqual(['capDrop', undefined]);
    expect(remedyField({ kind: 'decide', alternative: 'a' })).toBeUndefined();
  });

  it('fill a placeholder from what the user gave, or with its suggestion, and keep a plain value', () => {
    const fill = { address: '10.0.0.5' };
    expect(fillValue({ placeholder: 'address' }, fill)).toBe('10.0.0.5');
    expect(fillValue({ placeholder: 'bytes', suggestion: '512m' }, fill)).toBe('512m');
    expect(fillValue({ placeholder: 'count', suggestion: 256 }, fill)).toBe(256);
    expect(fillValue(['ALL'], fill)).toEqual(['ALL']);
    expect(fillValue({ placeholder: 'address' }, {})).toBeUndefined();
    expect(isPlaceholder(['ALL'])).toBe(false);
    expect(isPlaceholder({ placeholder: 'restart', suggestion: 'on-failure:5' })).toBe(true);
  });
});
