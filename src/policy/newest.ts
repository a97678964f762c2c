import type { TagFilter } from './filter.js';
import { compareDecimal, parseDecimal } from './numerical.js';
import { codeUnitCompare } from './ordering.js';
import type { BuildDates, RuleProblem, Selection, Selector } from './types.js';

export const DEFAULT_MAX_CANDIDATES = 20;
export const MAX_CANDIDATES_LIMIT = 500;

/**
 * `newest`: the tag whose image was built last, by the config's `created`. The dates are values the
 * scan fetched (for at most `maxCandidates` tags); this module only ranks them. Equal dates (two tags
 * on one image) go to the lexically greater tag, so the result never depends on listing order.
 */
export function compileNewest(maxCandidates: unknown): { maxCandidates: number; problems: [] } | { maxCandidates: undefined; problems: RuleProblem[] } {
  const value = maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CANDIDATES_LIMIT) {
    return { maxCandidates: value, problems: [] };
  }
  const message = `maxCandidates ${String(maxCandidates)} is not a whole number from 1 to ${MAX_CANDIDATES_LIMIT}`;
  return { maxCandidates: undefined, problems: [{ field: 'policy.newest.maxCandidates', message }] };
}

export function newestSelector(filter: TagFilter, maxCandidates: number, dates: BuildDates = new Map()): Selector {
  const dateOf = (tag: string): number | undefined => (filter.screen(tag).outcome === 'kept' ? dates.get(tag) : undefined);
  const preference = (a: string, aDate: number, b: string, bDate: number): number => Math.sign(aDate - bDate) || codeUnitCompare(a, b);
  const candidates = (tags: readonly string[]) =>
    tags.flatMap((tag) => {
      const date = dateOf(tag);
      return date === undefined ? [] : [{ tag, date }];
    });

  return {
    select: (tags) => selectNewest(filter, dates, tags, preference),
    compare(a, b) {
      const [da, db] = [dateOf(a), dateOf(b)];
      return da === undefined || db === undefined ? undefined : preference(a, da, b, db);
    },
    ranked(tags, limit) {
      return candidates(tags)
        .sort((x, y) => preference(y.tag, y.date, x.tag, x.date))
        .slice(0, limit)
        .map((c) => c.tag);
    },
    byDate: {
      maxCandidates,
      toInspect: (tags) => chooseToInspect(filter, maxCandidates, tags),
      withDates: (known) => newestSelector(filter, maxCandidates, known),
    },
  };
}

type Preference = (a: string, aDate: number, b: string, bDate: number) => number;

function selectNewest(filter: TagFilter, dates: BuildDates, tags: readonly string[], preference: Preference): Selection {
  const selection: Selection = { tag: undefined, candidates: 0, excluded: 0, filteredOut: 0, unrankable: 0 };
  let notInspected = 0;
  let best: { tag: string; date: number } | undefined;
  for (const tag of tags) {
    const screened = filter.screen(tag);
    if (screened.outcome !== 'kept') {
      selection[screened.outcome]++;
      continue;
    }
    if (!dates.has(tag)) {
      notInspected++;
      continue;
    }
    const date = dates.get(tag);
    if (date === undefined) {
      selection.unrankable++;
      continue;
    }
    selection.candidates++;
    if (!best || preference(tag, date, best.tag, best.date) > 0) best = { tag, date };
  }
  selection.tag = best?.tag;
  return { ...selection, notInspected };
}

/**
 * Which candidates get their dates fetched. Under the cap, all of them. Over it, the highest filter
 * values: with `extract` that is the extracted value, else the tag; numbers compare as numbers. A
 * registry's own listing order is no guide (ECR's is arbitrary), so it is not used.
 */
function chooseToInspect(filter: TagFilter, max: number, tags: readonly string[]): { tags: string[]; candidates: number } {
  const kept = tags.flatMap((tag) => {
    const screened = filter.screen(tag);
    return screened.outcome === 'kept' ? [{ tag, value: screened.value }] : [];
  });
  if (kept.length <= max) return { tags: kept.map((k) => k.tag), candidates: kept.length };
  const chosen = kept
    .sort((a, b) => valueCompare(b.value, a.value) || codeUnitCompare(b.tag, a.tag))
    .slice(0, max)
    .map((k) => k.tag);
  return { tags: chosen, candidates: kept.length };
}

function valueCompare(a: string, b: string): number {
  const [x, y] = [parseDecimal(a), parseDecimal(b)];
  if (x !== undefined && y !== undefined) return compareDecimal(x, y);
  if (x !== undefined || y !== undefined) return x !== undefined ? 1 : -1;
  return codeUnitCompare(a, b);
}
