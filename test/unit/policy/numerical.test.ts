import { describe, expect, it } from 'vitest';
import { createSelector } from '../../../src/policy/index.js';
import { compareDecimal, parseDecimal } from '../../../src/policy/numerical.js';

const numerical = (order: 'asc' | 'desc') => createSelector({ ordering: { kind: 'numerical', order } });

describe('numerical selection', () => {
  it.each([
    { order: 'asc', tags: ['1', '10', '9', '2'], want: '10' },
    { order: 'desc', tags: ['10', '1', '9', '2'], want: '1' },
    { order: 'asc', tags: ['1.5', '1.25', '1.499'], want: '1.5' },
    { order: 'desc', tags: ['1.5', '1.25', '1.499'], want: '1.25' },
    { order: 'asc', tags: ['-3', '-10', '-0'], want: '-0' },
    { order: 'desc', tags: ['-3', '-10', '0'], want: '-10' },
    // Beyond 2^53 (9007199254740992) doubles cannot tell these apart.
    { order: 'asc', tags: ['9007199254740993', '9007199254740992'], want: '9007199254740993' },
    { order: 'desc', tags: ['9007199254740993', '9007199254740992'], want: '9007199254740992' },
    { order: 'asc', tags: ['20240315123045', '20240315123044', '20231231235959', '999'], want: '20240315123045' },
    { order: 'asc', tags: ['202403151230450001', '202403151230450000'], want: '202403151230450001' },
    { order: 'asc', tags: ['0.30000000000000004', '0.3'], want: '0.30000000000000004' },
    { order: 'asc', tags: ['latest', 'main', '1e3', '0x10', 'Infinity', 'NaN', '.5', '5.', '+5', '', '7'], want: '7' },
    { order: 'asc', tags: ['latest'], want: undefined },
  ] as const)('$order over $tags selects $want', ({ order, tags, want }) => {
    expect(numerical(order).select(tags).tag).toBe(want);
  });

  it('skips non-numeric tags and counts them instead of failing the policy', () => {
    expect(numerical('asc').select(['1', 'latest', '2', 'abc.sig', 'v3'])).toEqual({
      tag: '2', candidates: 2, excluded: 1, filteredOut: 0, unrankable: 2,
    });
  });

  it('breaks ties between equal values by the lexically greater tag in both directions', () => {
    for (const order of ['asc', 'desc'] as const) {
      expect(numerical(order).select(['1.0', '01', '1']).tag).toBe('1.0');
      expect(numerical(order).select(['1', '1.0', '01']).tag).toBe('1.0');
    }
  });

  it('ranks extracted values: Flux vector ver(\\d+) + $1', () => {
    const rules = { ordering: { kind: 'numerical', order: 'asc' }, filterTags: { pattern: 'ver(\\d+)', extract: '$1' } } as const;
    const tags = ['ver1', 'ver2', 'ver3', 'rel1'];
    expect(createSelector(rules).select(tags)).toEqual({ tag: 'ver3', candidates: 3, excluded: 0, filteredOut: 1, unrankable: 0 });
    const ranked = ['ver1', 'ver2', 'ver3'].sort((a, b) => createSelector(rules).compare(a, b) ?? Number.NaN);
    expect(ranked).toEqual(['ver1', 'ver2', 'ver3']);
  });

  it('ranks build numbers embedded in tags', () => {
    const selector = createSelector({
      ordering: { kind: 'numerical', order: 'asc' },
      filterTags: { pattern: '^main-[a-f0-9]+-(?<ts>\\d+)$', extract: '$ts' },
    });
    expect(selector.select(['main-abc123-1700000000', 'main-def456-1700000100', 'pr-1-1800000000']).tag).toBe('main-def456-1700000100');
  });
});

describe('parseDecimal / compareDecimal', () => {
  it.each([
    ['0', '-0', 0], ['007', '7', 0], ['1.50', '1.5', 0], ['2', '10', -1], ['1.05', '1.5', -1],
    ['-1.5', '-1.25', -1], ['-2', '1', -1], ['123456789012345678901234567890', '123456789012345678901234567891', -1],
  ])('%s vs %s → %d', (a, b, want) => {
    const [da, db] = [parseDecimal(a), parseDecimal(b)];
    expect(da && db && compareDecimal(da, db)).toBe(want);
    expect(da && db && compareDecimal(db, da)).toBe(-want || 0);
  });
});
