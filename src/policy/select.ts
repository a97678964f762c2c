import { compileAlphabetical } from './alphabetical.js';
import { compileTagFilter, type TagFilter } from './filter.js';
import { compileNewest, newestSelector } from './newest.js';
import { compileNumerical } from './numerical.js';
import { codeUnitCompare, type CompiledOrdering, type RankedOrdering } from './ordering.js';
import { quote } from './problem.js';
import { compileSemver } from './semver.js';
import { PolicyRulesError, type RuleProblem, type Selection, type Selector, type TagRules } from './types.js';

/**
 * Compiles a policy's tag rules once (regexes, range) and returns the selector.
 * Throws `PolicyRulesError` listing every problem found, not just the first.
 */
export function createSelector(rules: TagRules): Selector {
  const compiled = compileRules(rules);
  if (compiled.selector === undefined) throw new PolicyRulesError(compiled.problems);
  return compiled.selector;
}

/** Every problem in a policy's tag rules, for `check`; empty when `createSelector` would succeed. */
export function validateRules(rules: TagRules): RuleProblem[] {
  return compileRules(rules).problems;
}

type CompiledRules = { selector: Selector; problems: [] } | { selector: undefined; problems: RuleProblem[] };

function compileRules(rules: TagRules): CompiledRules {
  const filter = compileTagFilter(rules);
  const ordering = compileOrdering(rules.ordering, filter.filter);
  const problems = [...filter.problems, ...ordering.problems];
  if (ordering.selector === undefined || problems.length > 0) return { selector: undefined, problems };
  return { selector: ordering.selector, problems: [] };
}

/** Each case binds its own value type `K`, so the selector stays typed without a common key type. */
function compileOrdering(
  ordering: TagRules['ordering'] | undefined,
  filter: TagFilter | undefined,
): { selector: Selector | undefined; problems: RuleProblem[] } {
  const kind: unknown = ordering?.kind;
  switch (ordering?.kind) {
    case 'semver':
      return bind(compileSemver(ordering.range), filter);
    case 'numerical':
      return bind(compileNumerical(ordering.order), filter);
    case 'alphabetical':
      return bind(compileAlphabetical(ordering.order), filter);
    case 'newest': {
      const newest = compileNewest(ordering.maxCandidates);
      if (newest.maxCandidates === undefined || filter === undefined) return { selector: undefined, problems: newest.problems };
      return { selector: newestSelector(filter, newest.maxCandidates), problems: [] };
    }
    default:
      return {
        selector: undefined,
        problems: [{ field: 'policy', message: `ordering ${quote(kind)} is not one of "semver", "numerical", "alphabetical", "newest"` }],
      };
  }
}

function bind<K>(compiled: CompiledOrdering<K>, filter: TagFilter | undefined): { selector: Selector | undefined; problems: RuleProblem[] } {
  if (compiled.ordering === undefined || filter === undefined) return { selector: undefined, problems: compiled.problems };
  return { selector: rankingSelector(filter, compiled.ordering), problems: [] };
}

type Screening<K> = { drop: 'excluded' | 'filteredOut' | 'unrankable' } | { drop?: undefined; key: K };

/**
 * Filter, then rank: one pass, each tag screened and parsed once. Equal values (`1.0.0` and
 * `v1.0.0`, or two tags extracting the same number) go to the lexically greater original tag,
 * whatever the direction, so the result never depends on the registry's listing order.
 *
 * For semver, `compare` ranks a valid version even when it lies outside the range (it is only not
 * selectable). The no-downgrade guard needs that: with range `<2.0.0`, a hand-set `2.1.0` must
 * compare above the selected `1.9.0`, not be treated as unknown and overwritten.
 */
function rankingSelector<K>(filter: TagFilter, ordering: RankedOrdering<K>): Selector {
  const screen = (tag: string): Screening<K> => {
    const screened = filter.screen(tag);
    if (screened.outcome !== 'kept') return { drop: screened.outcome };
    const key = ordering.rank(screened.value);
    return key === undefined ? { drop: 'unrankable' } : { key };
  };
  const preference = (a: string, aKey: K, b: string, bKey: K): number =>
    Math.sign(ordering.compare(aKey, bKey)) || codeUnitCompare(a, b);

  return {
    select(tags) {
      const selection: Selection = { tag: undefined, candidates: 0, excluded: 0, filteredOut: 0, unrankable: 0 };
      let best: { tag: string; key: K } | undefined;
      for (const tag of tags) {
        const screened = screen(tag);
        if (screened.drop !== undefined) selection[screened.drop]++;
        else if (!ordering.admits(screened.key)) selection.filteredOut++;
        else {
          selection.candidates++;
          if (!best || preference(tag, screened.key, best.tag, best.key) > 0) best = { tag, key: screened.key };
        }
      }
      selection.tag = best?.tag;
      return selection;
    },
    compare(a, b) {
      const [sa, sb] = [screen(a), screen(b)];
      if (sa.drop !== undefined || sb.drop !== undefined) return undefined;
      return preference(a, sa.key, b, sb.key);
    },
    ranked(tags, limit) {
      const admitted = tags.flatMap((tag) => {
        const screened = screen(tag);
        return screened.drop === undefined && ordering.admits(screened.key) ? [{ tag, key: screened.key }] : [];
      });
      admitted.sort((x, y) => preference(y.tag, y.key, x.tag, x.key));
      return admitted.slice(0, limit).map((c) => c.tag);
    },
  };
}
