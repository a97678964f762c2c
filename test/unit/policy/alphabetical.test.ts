import { describe, expect, it } from 'vitest';
import { createSelector } from '../../../src/policy/index.js';

const alphabetical = (order: 'asc' | 'desc') => createSelector({ ordering: { kind: 'alphabetical', order } });

describe('alphabetical selection', () => {
  it.each([
    { order: 'asc', tags: ['a', 'c', 'b'], want: 'c' },
    { order: 'desc', tags: ['b', 'a', 'c'], want: 'a' },
    // Byte order, not version order: Flux's documented surprise.
    { order: 'asc', tags: ['1.0.63', '1.0.9'], want: '1.0.9' },
    { order: 'asc', tags: ['Z', 'a'], want: 'a' },
    { order: 'desc', tags: ['Z', 'a'], want: 'Z' },
    { order: 'asc', tags: ['RELEASE.2024-01-01T00-00-00Z', 'RELEASE.2023-12-31T23-59-59Z'], want: 'RELEASE.2024-01-01T00-00-00Z' },
    { order: 'asc', tags: [], want: undefined },
  ] as const)('$order over $tags selects $want', ({ order, tags, want }) => {
    expect(alphabetical(order).select(tags).tag).toBe(want);
  });

  it('orders extracted values but returns the original tag, ties going to the greater tag', () => {
    const selector = createSelector({
      ordering: { kind: 'alphabetical', order: 'desc' },
      filterTags: { pattern: '^(?P<day>\\d{8})-(?P<sha>[a-f0-9]+)$', extract: '${day}' },
    });
    expect(selector.select(['20240102-aaa', '20240101-bbb', '20240101-ccc', 'latest'])).toEqual({
      tag: '20240101-ccc', candidates: 3, excluded: 0, filteredOut: 1, unrankable: 0,
    });
  });

  it('has no unrankable tags', () => {
    expect(alphabetical('asc').select(['', ' ', 'x']).unrankable).toBe(0);
  });
});
