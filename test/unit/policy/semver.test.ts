import { describe, expect, it } from 'vitest';
import { createSelector } from '../../../src/policy/index.js';

const semverSelector = (range: string) => createSelector({ ordering: { kind: 'semver', range } });

describe('semver selection', () => {
  it.each([
    // Flux's vectors.
    { range: '1.0.x', tags: ['1.0.0', '1.0.0.1', '1.0.0p', '1.0.1', '1.2.0', '0.1.0'], want: '1.0.1' },
    { range: '^1.0', tags: ['1.0.0', '1.0.0.1', '1.0.0p', '1.0.1', '1.2.0', '0.1.0'], want: '1.2.0' },
    { range: '=1.0.0', tags: ['1.0.0', '1.0.1', '1.2.0'], want: '1.0.0' },
    { range: '~1.0', tags: ['1.0.0', '1.0.9', '1.1.0'], want: '1.0.9' },
    { range: '>=1.0', tags: ['0.9.0', '1.0.0', '3.4.5'], want: '3.4.5' },
    { range: '>0,<2.0', tags: ['0.5.0', '1.0.0', '1.9.9', '2.0.0'], want: '1.9.9' },
    { range: '>=1.0.0 <2.0.0', tags: ['1.5.0', '2.0.0', '1.10.0'], want: '1.10.0' },
    { range: '*', tags: ['0.1.0', '10.0.0', '9.9.9'], want: '10.0.0' },
    // Masterminds spellings Flux users carry over.
    { range: '>= 1.0, < 2.0', tags: ['1.1.0', '2.0.0'], want: '1.1.0' },
    { range: '=>1.0.0 =<1.5.0', tags: ['0.9.0', '1.5.0', '1.6.0'], want: '1.5.0' },
    { range: '^1.0 || ^3.0', tags: ['1.1.0', '2.0.0', '3.1.0', '4.0.0'], want: '3.1.0' },
    // `v` prefixes are versions; other prefixes and non-strict shapes are not.
    { range: '*', tags: ['v1.2.3', '1.2.2'], want: 'v1.2.3' },
    { range: '*', tags: ['b1.2.3', 'V9.0.0', '=9.0.0', ' 9.0.0', '9.0.0\n', '09.0.0', '1.2.3'], want: '1.2.3' },
    // Numeric, not lexical, component order.
    { range: '*', tags: ['1.0.9', '1.0.63'], want: '1.0.63' },
    { range: '*', tags: ['1.0.0', '1.0.0+build.2', '1.0.0+build.10'], want: '1.0.0+build.10' },
    { range: '*', tags: [], want: undefined },
    { range: '>=5.0.0', tags: ['1.0.0', 'latest'], want: undefined },
  ])('$range over $tags selects $want', ({ range, tags, want }) => {
    expect(semverSelector(range).select(tags).tag).toBe(want);
  });

  it.each([
    { range: '>=1.0.0-0', tags: ['0.9.0', '1.0.0-rc.1', '1.0.0-alpha'], want: '1.0.0-rc.1' },
    { range: '>=1.0.0-0', tags: ['1.0.0-rc.1', '1.0.0'], want: '1.0.0' },
    { range: '>=1.0.0', tags: ['1.0.0', '1.1.0-rc.1', '2.0.0-alpha'], want: '1.0.0' },
    { range: '*', tags: ['1.0.0', '2.0.0-rc.1'], want: '1.0.0' },
    { range: '^1.2.3-beta.1', tags: ['1.2.3-beta.0', '1.2.3-beta.2', '1.2.2'], want: '1.2.3-beta.2' },
    { range: '^1.2.3-beta.1', tags: ['1.2.3-beta.2', '1.2.4-alpha', '1.9.0-rc.1'], want: '1.9.0-rc.1' },
    // Flux's reading: once every comparator names a prerelease, any prerelease in the range qualifies.
    { range: '>=1.0.0-0', tags: ['1.0.0-rc.1', '1.1.0-rc.1', '1.0.5'], want: '1.1.0-rc.1' },
    { range: '>=1.0.0-0 <2.0.0', tags: ['1.0.0-rc.1', '1.1.0-rc.1', '1.0.5'], want: '1.0.5' },
    { range: '>=1.0.0-0 <2.0.0-0', tags: ['1.9.0-rc.1', '2.0.0-rc.1', '1.0.5'], want: '1.9.0-rc.1' },
    { range: '^1.2.3-beta.1', tags: ['1.2.3-beta.2', '1.3.0'], want: '1.3.0' },
    { range: '^1.2.3-beta.1', tags: ['1.2.3-beta.0'], want: undefined },
  ])('prereleases: $range over $tags selects $want', ({ range, tags, want }) => {
    expect(semverSelector(range).select(tags).tag).toBe(want);
  });

  it('breaks ties between equal versions by the lexically greater tag, whatever the listing order', () => {
    const selector = semverSelector('1.x');
    expect(selector.select(['1.0.0', 'v1.0.0']).tag).toBe('v1.0.0');
    expect(selector.select(['v1.0.0', '1.0.0']).tag).toBe('v1.0.0');
  });

  it('counts unrankable tags and out-of-range versions separately', () => {
    const selection = semverSelector('1.0.x').select(['1.0.0', '1.0.0.1', '1.0.0p', '1.0.1', '1.2.0', '0.1.0', 'x.sig']);
    expect(selection).toEqual({ tag: '1.0.1', candidates: 2, excluded: 1, filteredOut: 2, unrankable: 2 });
  });

  it('ranks the extracted value and returns the original tag', () => {
    const selector = createSelector({
      ordering: { kind: 'semver', range: '^2' },
      filterTags: { pattern: '^app-(?P<version>.+)-linux$', extract: '$version' },
    });
    expect(selector.select(['app-2.1.0-linux', 'app-2.10.0-linux', 'app-3.0.0-linux', 'app-2.11.0-windows']).tag).toBe('app-2.10.0-linux');
  });
});
