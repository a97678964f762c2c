import fc from 'fast-check';
import { maxSatisfying } from 'semver';
import { describe, expect, it } from 'vitest';
import { createSelector, type TagRules } from '../../../src/policy/index.js';

const asc = { kind: 'numerical', order: 'asc' } as const;
const desc = { kind: 'numerical', order: 'desc' } as const;

describe('compare', () => {
  it.each([
    { name: 'semver: higher version wins', rules: { ordering: { kind: 'semver', range: '*' } }, a: '1.10.0', b: '1.9.0', want: 1 },
    { name: 'semver: lower version loses', rules: { ordering: { kind: 'semver', range: '*' } }, a: '1.9.0', b: '1.10.0', want: -1 },
    { name: 'semver: same tag', rules: { ordering: { kind: 'semver', range: '*' } }, a: '1.0.0', b: '1.0.0', want: 0 },
    { name: 'semver: equal versions, greater tag wins', rules: { ordering: { kind: 'semver', range: '*' } }, a: 'v1.0.0', b: '1.0.0', want: 1 },
    { name: 'semver: outside the range still ranks', rules: { ordering: { kind: 'semver', range: '<2.0.0' } }, a: '1.9.0', b: '2.1.0', want: -1 },
    { name: 'semver: prerelease outside the range still ranks', rules: { ordering: { kind: 'semver', range: '^1' } }, a: '1.2.0', b: '1.3.0-rc.1', want: -1 },
    { name: 'semver: not a version', rules: { ordering: { kind: 'semver', range: '*' } }, a: '1.0', b: '1.0.0', want: undefined },
    { name: 'numerical asc: higher wins', rules: { ordering: asc }, a: '20240315123045', b: '20240315123044', want: 1 },
    { name: 'numerical desc: lower wins', rules: { ordering: desc }, a: '20240315123044', b: '20240315123045', want: 1 },
    { name: 'numerical desc: higher loses', rules: { ordering: desc }, a: '10', b: '9', want: -1 },
    { name: 'numerical: unrankable', rules: { ordering: asc }, a: 'latest', b: '1', want: undefined },
    { name: 'numerical: unrankable second', rules: { ordering: asc }, a: '1', b: 'latest', want: undefined },
    { name: 'alphabetical asc', rules: { ordering: { kind: 'alphabetical', order: 'asc' } }, a: 'b', b: 'a', want: 1 },
    { name: 'alphabetical desc', rules: { ordering: { kind: 'alphabetical', order: 'desc' } }, a: 'b', b: 'a', want: -1 },
    { name: 'excluded by default', rules: { ordering: { kind: 'alphabetical', order: 'asc' } }, a: 'x.sig', b: 'a', want: undefined },
    { name: 'filtered out', rules: { ordering: asc, filterTags: { pattern: '^v(\\d+)$', extract: '$1' } }, a: 'v2', b: 'w1', want: undefined },
    { name: 'extracted values', rules: { ordering: asc, filterTags: { pattern: '^v(\\d+)$', extract: '$1' } }, a: 'v10', b: 'v9', want: 1 },
  ] as { name: string; rules: TagRules; a: string; b: string; want: number | undefined }[])('$name', ({ rules, a, b, want }) => {
    expect(createSelector(rules).compare(a, b)).toBe(want);
  });
});

const tagArb = fc.oneof(
  fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.constantFrom('', '-rc.1', '-0', '+b1')).map(([a, b, c, s]) => `${a}.${b}.${c}${s}`),
  fc.constantFrom('v1.2.3', '1.2.3', 'latest', '1.0', 'x.sig', '007', '7', '20240315123045', '-1', '1.5'),
  fc.stringMatching(/^[0-9]{1,20}$/),
);

const rulesArb: fc.Arbitrary<TagRules> = fc.constantFrom<TagRules>(
  { ordering: { kind: 'semver', range: '*' } },
  { ordering: { kind: 'semver', range: '>=1.0.0-0 <9' } },
  { ordering: { kind: 'semver', range: '^2 || ~5.1' } },
  { ordering: asc },
  { ordering: desc },
  { ordering: { kind: 'alphabetical', order: 'asc' } },
  { ordering: { kind: 'alphabetical', order: 'desc' } },
  { ordering: asc, filterTags: { pattern: '^(?P<major>\\d+)\\.', extract: '$major' } },
);

describe('select and compare agree', () => {
  it('the selected tag is preferred over or equal to every candidate, whatever the listing order', () => {
    fc.assert(fc.property(rulesArb, fc.array(tagArb, { maxLength: 30 }), (rules, tags) => {
      const selector = createSelector(rules);
      const selection = selector.select(tags);
      expect(selection.candidates + selection.excluded + selection.filteredOut + selection.unrankable).toBe(tags.length);
      expect(selection.tag === undefined).toBe(selection.candidates === 0);
      expect(selector.select([...tags].reverse())).toEqual(selection);
      if (selection.tag === undefined) return;
      for (const tag of tags) {
        const order = selector.compare(selection.tag, tag);
        if (order !== undefined) expect(order >= 0 || selector.select([tag]).tag === undefined).toBe(true);
      }
    }));
  });

  it('compare is antisymmetric', () => {
    fc.assert(fc.property(rulesArb, tagArb, tagArb, (rules, a, b) => {
      const selector = createSelector(rules);
      const [ab, ba] = [selector.compare(a, b), selector.compare(b, a)];
      expect(ab === undefined ? ba : -ab + 0).toBe(ba);
    }));
  });
});

describe('select', () => {
  it('gives no tag for no tags', () => {
    expect(createSelector({ ordering: asc }).select([])).toEqual({ tag: undefined, candidates: 0, excluded: 0, filteredOut: 0, unrankable: 0 });
  });

  it('selects correctly among 20,000 tags (library/node has over 9,000)', () => {
    const tags = Array.from({ length: 20_000 }, (_, i) => {
      const v = `${i % 23}.${i % 17}.${i % 101}`;
      return i % 3 === 0 ? `${v}-alpine${i % 7}` : i % 5 === 0 ? `${v}-rc.${i % 4}` : v;
    });
    const selector = createSelector({
      ordering: { kind: 'semver', range: '>=10 <22' },
      filterTags: { pattern: '^(?P<v>\\d+\\.\\d+\\.\\d+(?:-rc\\.\\d+)?)$', extract: '$v' },
    });
    const selection = selector.select(tags);
    const oracle = maxSatisfying(tags.filter((t) => /^\d+\.\d+\.\d+(-rc\.\d+)?$/.test(t)), '>=10 <22');
    expect(oracle).toMatch(/^21\./);
    expect(selection.tag).toBe(oracle);
  });
});
