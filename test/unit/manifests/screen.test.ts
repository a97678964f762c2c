import { describe, expect, it } from 'vitest';
import { mayContainMarkers } from '../../../src/manifests/index.js';

describe('mayContainMarkers', () => {
  it.each([
    ['image: x # {"$imagepolicy": "a:b"}', true],
    ['{"$imagepolicy":"a"}', true],
    ['image: x # $imagepolicy without quotes', false],
    ['image: x # {"$imagePolicy": "a:b"}', false],
    ['', false],
  ])('%j → %s, as text and as bytes', (text, expected) => {
    expect(mayContainMarkers(text)).toBe(expected);
    const bytes = new TextEncoder().encode(`padding ${text}`).subarray(8);
    expect(mayContainMarkers(bytes)).toBe(expected);
  });
});
