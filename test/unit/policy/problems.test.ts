import { describe, expect, it } from 'vitest';
import { createSelector, PolicyRulesError, validateRules, type RuleProblem, type TagRules } from '../../../src/policy/index.js';

const semver = (range: string): TagRules => ({ ordering: { kind: 'semver', range } });
const withFilter = (pattern: string, extract?: string): TagRules => ({
  ordering: { kind: 'numerical', order: 'asc' },
  filterTags: extract === undefined ? { pattern } : { pattern, extract },
});

function problemsOf(rules: TagRules): RuleProblem[] {
  try {
    createSelector(rules);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyRulesError);
    const problems = (error as PolicyRulesError).problems;
    expect(validateRules(rules)).toEqual(problems);
    return [...problems];
  }
  throw new Error('createSelector accepted the rules');
}

describe('rule problems', () => {
  it.each(['1.0.x', '^1.0', '=1.0.0', '~1.0', '>=1.0', '>0,<2.0', '>=1.0.0 <2.0.0', '*', '>=1.0.0-0', '=>1.0'])(
    'accepts range %j', (range) => {
      expect(validateRules(semver(range))).toEqual([]);
    });

  it.each(['1.0.0p', '1x', 'x1', '-1', 'a', '', '   ', '!=1.0.0', '>=1.0 !=1.2.0', '1.0.0.1', 'latest'])(
    'refuses range %j, naming it', (range) => {
      const problems = problemsOf(semver(range));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('policy.semver.range');
      expect(problems[0]?.message).toContain(JSON.stringify(range));
    });

  it.each([
    { kind: 'numerical', order: 'ascending' },
    { kind: 'alphabetical', order: 'DESC' },
    { kind: 'numerical', order: '' },
  ] as const)('refuses $kind order $order', (ordering) => {
    const problems = problemsOf({ ordering: ordering as unknown as TagRules['ordering'] });
    expect(problems).toEqual([{ field: `policy.${ordering.kind}.order`, message: expect.stringContaining(JSON.stringify(ordering.order)) }]);
  });

  it('takes a missing order as asc, like Flux', () => {
    const rules = { ordering: { kind: 'numerical' } } as unknown as TagRules;
    expect(createSelector(rules).select(['1', '3', '2']).tag).toBe('3');
  });

  it('refuses an unknown ordering kind', () => {
    const rules = { ordering: { kind: 'calver' } } as unknown as TagRules;
    expect(problemsOf(rules)).toEqual([{ field: 'policy', message: expect.stringContaining('"calver"') }]);
  });

  it.each([
    { pattern: '(', reason: 'Unterminated group' },
    { pattern: '^v[0-9', reason: 'Unterminated character class' },
    { pattern: '+1', reason: 'Nothing to repeat' },
  ])('refuses pattern $pattern with the engine reason', ({ pattern, reason }) => {
    const problems = problemsOf(withFilter(pattern));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('filterTags.pattern');
    expect(problems[0]?.message).toContain(JSON.stringify(pattern));
    expect(problems[0]?.message).toContain(reason);
  });

  it.each([
    { pattern: '^(\\d+)$', extract: '$ts', mentions: '"ts"' },
    { pattern: '^(?P<ts>\\d+)$', extract: '${tz}', mentions: '"ts"' },
    { pattern: '^(\\d+)-(\\d+)$', extract: '$3', mentions: 'group 3' },
    { pattern: '^(\\d+)$', extract: '$1x', mentions: '${1}x' },
    { pattern: '^(\\d+)$', extract: 'constant', mentions: 'no group' },
    { pattern: '', extract: '$1', mentions: 'needs a filterTags.pattern' },
  ])('refuses extract $extract with pattern $pattern', ({ pattern, extract, mentions }) => {
    const problems = problemsOf(withFilter(pattern, extract));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('filterTags.extract');
    expect(problems[0]?.message).toContain(JSON.stringify(extract));
    expect(problems[0]?.message).toContain(mentions);
  });

  it('reports each bad exclusion at its index', () => {
    const problems = problemsOf({ ordering: { kind: 'alphabetical', order: 'asc' }, exclusionList: ['ok', '(', 'fine', '['] });
    expect(problems.map((p) => p.field)).toEqual(['exclusionList[1]', 'exclusionList[3]']);
    expect(problems[0]?.message).toContain('"("');
    expect(problems[1]?.message).toContain('"["');
  });

  it('collects every problem at once', () => {
    const rules: TagRules = {
      ordering: { kind: 'semver', range: '1x' },
      filterTags: { pattern: '^(\\d+)$', extract: '$1-$2-$ts' },
      exclusionList: ['(', '^fine$'],
    };
    const problems = problemsOf(rules);
    expect(problems.map((p) => p.field)).toEqual([
      'exclusionList[0]', 'filterTags.extract', 'filterTags.extract', 'policy.semver.range',
    ]);
    expect(problems[1]?.message).toContain('group 2');
    expect(problems[2]?.message).toContain('"ts"');
  });

  it('puts every problem in the error message', () => {
    const rules: TagRules = { ordering: { kind: 'numerical', order: 'up' as 'asc' }, filterTags: { pattern: '(' } };
    expect(() => createSelector(rules)).toThrowError(/filterTags\.pattern: .*"\(".*; policy\.numerical\.order: .*"up"/);
  });

  it('finds no problem in valid rules', () => {
    expect(validateRules({ ordering: { kind: 'numerical', order: 'desc' }, filterTags: { pattern: '^(?P<n>\\d+)$', extract: '$n' }, exclusionList: [] })).toEqual([]);
  });
});
