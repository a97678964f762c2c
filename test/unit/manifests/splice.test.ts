import { describe, expect, it } from 'vitest';
import { splice } from '../../../src/manifests/index.js';

describe('splice', () => {
  it('replaces ranges in any order and copies everything else', () => {
    const text = '\ufeffa: 1\r\nb: 22\r\nc: 3';
    const edits = [{ start: 17, end: 18, text: '"x"' }, { start: 4, end: 5, text: 'one' }];
    expect(splice(text, edits)).toBe('\ufeffa: one\r\nb: 22\r\nc: "x"');
  });

  it('returns the very same string when there is nothing to do', () => {
    const text = 'a: 1\n';
    expect(splice(text, [])).toBe(text);
  });

  it('refuses overlapping or out-of-range edits', () => {
    expect(() => splice('abcdef', [{ start: 1, end: 4, text: '' }, { start: 3, end: 5, text: '' }])).toThrow(RangeError);
    expect(() => splice('abc', [{ start: 2, end: 9, text: '' }])).toThrow(RangeError);
  });
});
