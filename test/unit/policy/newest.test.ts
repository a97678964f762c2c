import { describe, expect, it } from 'vitest';
import { createSelector, DEFAULT_MAX_CANDIDATES, validateRules, type BuildDates, type TagRules } from '../../../src/policy/index.js';

const newest = (extra: Partial<TagRules> = {}, maxCandidates?: number) =>
  createSelector({ ordering: { kind: 'newest', maxCandidates }, ...extra });
const at = (iso: string) => Date.parse(iso);

const TAGS = ['main-aaa', 'main-bbb', 'main-ccc', 'latest', 'main-ccc.sig', 'release-1'];
const DATES: BuildDates = new Map([
  ['main-aaa', at('2024-03-01T10:00:00Z')],
  ['main-bbb', at('2024-03-03T10:00:00Z')],
  ['main-ccc', at('2024-03-02T10:00:00Z')],
  ['latest', at('2024-03-03T10:00:00Z')],
]);

describe('newest', () => {
  it('selects the latest build among the tags with dates, and counts the rest', () => {
    const selector = newest({ filterTags: { pattern: '^main-' } }).byDate!.withDates(DATES);
    expect(selector.select(TAGS)).toEqual({
      tag: 'main-bbb', candidates: 3, excluded: 1, filteredOut: 2, unrankable: 0, notInspected: 0,
    });
  });

  it('breaks a tie of dates (two tags on one image) by the lexically greater tag, whatever the listing order', () => {
    const selector = newest().byDate!.withDates(DATES);
    expect(selector.select(['latest', 'main-bbb']).tag).toBe('main-bbb');
    expect(selector.select(['main-bbb', 'latest']).tag).toBe('main-bbb');
  });

  it('counts inspected tags without a date as unrankable, and tags never inspected as notInspected', () => {
    const dates: BuildDates = new Map([['main-aaa', undefined], ['main-bbb', at('2020-01-01T00:00:00Z')]]);
    expect(newest().byDate!.withDates(dates).select(['main-aaa', 'main-bbb', 'main-ccc'])).toMatchObject({
      tag: 'main-bbb', candidates: 1, unrankable: 1, notInspected: 1,
    });
  });

  it('selects nothing before dates are bound: the scan must read them first', () => {
    expect(newest().select(['a', 'b'])).toMatchObject({ tag: undefined, candidates: 0, notInspected: 2 });
  });

  it('ranks candidates best first for walking down, at most the limit', () => {
    const selector = newest().byDate!.withDates(DATES);
    expect(selector.ranked(TAGS, 10)).toEqual(['main-bbb', 'latest', 'main-ccc', 'main-aaa']);
    expect(selector.ranked(TAGS, 2)).toEqual(['main-bbb', 'latest']);
  });

  it('compares by date for the no-downgrade guard, and not at all without a date', () => {
    const selector = newest({ filterTags: { pattern: '^main-' } }).byDate!.withDates(DATES);
    expect(selector.compare('main-bbb', 'main-aaa')).toBe(1);
    expect(selector.compare('main-aaa', 'main-ccc')).toBe(-1);
    expect(selector.compare('main-zzz', 'main-bbb')).toBeUndefined();
    expect(selector.compare('latest', 'main-bbb')).toBeUndefined();
  });

  it('inspects every candidate that passes exclusion and filter when under the cap, in listing order', () => {
    const ranking = newest({ filterTags: { pattern: '^main-' } }).byDate!;
    expect(ranking.maxCandidates).toBe(DEFAULT_MAX_CANDIDATES);
    expect(ranking.toInspect(TAGS)).toEqual({ tags: ['main-aaa', 'main-bbb', 'main-ccc'], candidates: 3 });
  });

  it('over the cap inspects the highest filter values, numbers compared as numbers', () => {
    const rules = { filterTags: { pattern: '^build-(?<n>\\d+)-', extract: '$n' } };
    const tags = ['build-9-x', 'build-10-y', 'build-100-z', 'build-11-w', 'other'];
    expect(newest(rules, 2).byDate!.toInspect(tags)).toEqual({ tags: ['build-100-z', 'build-11-w'], candidates: 4 });
  });

  it('over the cap without extract inspects the lexically greatest tags', () => {
    expect(newest({}, 2).byDate!.toInspect(['b', 'c', 'a'])).toEqual({ tags: ['c', 'b'], candidates: 3 });
  });

  it.each([0, 501, 2.5])('refuses maxCandidates %s', (maxCandidates) => {
    expect(validateRules({ ordering: { kind: 'newest', maxCandidates } })).toEqual([
      { field: 'policy.newest.maxCandidates', message: expect.stringContaining('from 1 to 500') },
    ]);
  });

  it('reports filter problems as for every ordering', () => {
    expect(validateRules({ ordering: { kind: 'newest' }, filterTags: { pattern: '(' } })[0]?.field).toBe('filterTags.pattern');
  });
});

describe('ranked (orderings by tag)', () => {
  it('lists the selection first, then its runners-up in the ordering, within the range', () => {
    const selector = createSelector({ ordering: { kind: 'semver', range: '<2.0.0' } });
    const tags = ['1.0.0', '2.0.0', '1.10.0', '1.9.0', 'latest'];
    expect(selector.ranked(tags, 3)).toEqual(['1.10.0', '1.9.0', '1.0.0']);
    expect(selector.ranked(tags, 3)[0]).toBe(selector.select(tags).tag);
  });
});
