import { describe, expect, it } from 'vitest';
import { compileTagFilter, DEFAULT_EXCLUSION_LIST } from '../../../src/policy/filter.js';
import { createSelector, type TagRules } from '../../../src/policy/index.js';

const alphabetical = { kind: 'alphabetical', order: 'asc' } as const;

function screenAll(rules: Omit<TagRules, 'ordering'>, tags: string[]) {
  const { filter, problems } = compileTagFilter(rules);
  expect(problems).toEqual([]);
  return tags.map((tag) => filter?.screen(tag));
}

describe('exclusionList', () => {
  it.each([
    { name: 'default drops cosign signatures', exclusionList: undefined, want: ['kept', 'excluded', 'kept', 'kept'] },
    { name: 'explicit [] keeps everything', exclusionList: [], want: ['kept', 'kept', 'kept', 'kept'] },
    { name: 'explicit list replaces the default', exclusionList: ['^latest$'], want: ['kept', 'kept', 'excluded', 'kept'] },
    { name: 'unanchored regexes match anywhere', exclusionList: ['rc'], want: ['kept', 'kept', 'kept', 'excluded'] },
    { name: 'any regex excludes', exclusionList: ['\\.sig$', '^1\\.0\\.0$'], want: ['excluded', 'excluded', 'kept', 'kept'] },
  ])('$name', ({ exclusionList, want }) => {
    const screened = screenAll({ exclusionList }, ['1.0.0', 'sha256-abc.sig', 'latest', '1.1.0-rc.1']);
    expect(screened.map((s) => s?.outcome)).toEqual(want);
  });

  it('is applied before the filter', () => {
    const selection = createSelector({ ordering: alphabetical, filterTags: { pattern: '^v' }, exclusionList: ['^v9'] })
      .select(['v1', 'v9', 'x1']);
    expect(selection).toEqual({ tag: 'v1', candidates: 1, excluded: 1, filteredOut: 1, unrankable: 0 });
  });

  it('defaults to the cosign signature pattern', () => {
    expect(DEFAULT_EXCLUSION_LIST).toEqual(['^.*\\.sig$']);
  });
});

describe('filterTags', () => {
  it.each([
    { name: 'pattern only keeps the tag itself', filterTags: { pattern: '^main-' }, tag: 'main-abc', want: 'main-abc' },
    { name: 'unanchored pattern', filterTags: { pattern: 'abc' }, tag: 'main-abc-1', want: 'main-abc-1' },
    { name: 'pattern mismatch', filterTags: { pattern: '^main-' }, tag: 'pr-1', want: undefined },
    { name: '$1', filterTags: { pattern: 'ver(\\d+)', extract: '$1' }, tag: 'ver42', want: '42' },
    { name: '$0 is the whole match', filterTags: { pattern: 'ver\\d+', extract: '$0' }, tag: 'x-ver42-y', want: 'ver42' },
    { name: 'Go named group, $name', filterTags: { pattern: '^(?P<ts>\\d+)-', extract: '$ts' }, tag: '123-abc', want: '123' },
    { name: 'JS named group, ${name}', filterTags: { pattern: '^(?<ts>\\d+)-', extract: '${ts}' }, tag: '123-abc', want: '123' },
    { name: 'mixed text', filterTags: { pattern: '^(\\d+)_(\\d+)$', extract: '$1-$2' }, tag: '4_5', want: '4-5' },
    { name: 'braces before letters', filterTags: { pattern: '^(\\d+)$', extract: '${1}x' }, tag: '7', want: '7x' },
    { name: '$$ is a dollar', filterTags: { pattern: '^(\\d+)$', extract: '$$$1' }, tag: '7', want: '$7' },
    { name: 'a lone $ stays literal', filterTags: { pattern: '^(\\d+)$', extract: '$1$' }, tag: '7', want: '7$' },
    { name: 'unmatched optional group is empty', filterTags: { pattern: '^(\\d+)(-rc)?$', extract: '$1$2' }, tag: '7', want: '7' },
    { name: 'empty extract means no extraction', filterTags: { pattern: '^v', extract: '' }, tag: 'v7', want: 'v7' },
    { name: 'empty pattern keeps everything', filterTags: { pattern: '' }, tag: 'anything', want: 'anything' },
  ])('$name', ({ filterTags, tag, want }) => {
    const [screened] = screenAll({ filterTags }, [tag]);
    expect(screened?.outcome === 'kept' ? screened.value : undefined).toBe(want);
  });

  it('returns the original tag while ordering extracted values (named groups in both syntaxes)', () => {
    for (const pattern of ['^main-[a-f0-9]+-(?P<ts>\\d+)$', '^main-[a-f0-9]+-(?<ts>\\d+)$']) {
      const selector = createSelector({ ordering: { kind: 'numerical', order: 'asc' }, filterTags: { pattern, extract: '$ts' } });
      expect(selector.select(['main-ffff-9', 'main-aaaa-10', 'feature-x-99']).tag).toBe('main-aaaa-10');
    }
  });
});
