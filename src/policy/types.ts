/** How candidate tags are ordered. `asc` selects the highest value (Flux's default), `desc` the lowest. */
export type Ordering =
  | { kind: 'semver'; range: string }
  | { kind: 'alphabetical'; order: 'asc' | 'desc' }
  | { kind: 'numerical'; order: 'asc' | 'desc' }
  /** The latest image build (config `created`); at most `maxCandidates` tags are inspected (default 20). */
  | { kind: 'newest'; maxCandidates?: number };

/** The tag-selection part of a policy, exactly as declared (not yet compiled). */
export interface TagRules {
  ordering: Ordering;
  filterTags?: { pattern: string; extract?: string };
  /** Regexes; a tag matching any is dropped before anything else. Undefined means the default `^.*\.sig$`. */
  exclusionList?: readonly string[];
}

export interface Selection {
  /** The selected tag, as the registry spells it; undefined when no tag qualifies. */
  tag: string | undefined;
  /** How many tags were ranked (passed exclusion, filter, the ordering's own syntax and, for semver, the range). */
  candidates: number;
  /** Tags matching an `exclusionList` regex (the default list drops cosign `.sig` tags). */
  excluded: number;
  /** Tags not matching `filterTags.pattern`, and for semver, valid versions outside the range. */
  filteredOut: number;
  /** Tags that passed the filter but are not values of the ordering (not semver, not a number, no build date). */
  unrankable: number;
  /** `newest` only: tags that passed the filter but were not inspected (beyond `maxCandidates`). */
  notInspected?: number;
}

/**
 * Build dates (ms since the epoch) of the tags the scan inspected, for `newest`. A tag that is present
 * with `undefined` was inspected but states no usable date; an absent tag was not inspected.
 */
export type BuildDates = ReadonlyMap<string, number | undefined>;

/** What an ordering by build date needs from the scan, which does the fetching. */
export interface DateRanking {
  /** The most tags whose dates are fetched per cycle. */
  maxCandidates: number;
  /**
   * The tags worth fetching dates for: those passing exclusion and filter, at most `maxCandidates`;
   * beyond that the highest filter values (numbers compared as numbers, else code units) are chosen.
   */
  toInspect(tags: readonly string[]): { tags: string[]; candidates: number };
  /** The selector that ranks by these dates. */
  withDates(dates: BuildDates): Selector;
}

export interface Selector {
  select(tags: readonly string[]): Selection;
  /**
   * Compares two tags under the policy's own ordering: positive when `a` would be selected over `b`,
   * negative when `b` would, 0 when equal. Undefined when either tag is not a candidate of this policy
   * (excluded, filtered out or unrankable). Used by the no-downgrade guard.
   * For semver, a valid version outside the range still compares by precedence (so a hand-set
   * `2.1.0` ranks above a selected `1.9.0` under `<2.0.0`); equal values go to the lexically greater tag.
   */
  compare(a: string, b: string): number | undefined;
  /**
   * The candidates best first, at most `limit`: the selection and its runners-up, for when the best
   * cannot be used (a platform missing, the tag deleted since the listing).
   */
  ranked(tags: readonly string[], limit: number): string[];
  /** Present for orderings by build date (`newest`): the scan fetches the dates, then binds them. */
  byDate?: DateRanking;
}

/** One thing wrong with a policy's rules; `field` is a dotted path below `spec`, e.g. `policy.semver.range`. */
export interface RuleProblem {
  field: string;
  message: string;
}

export class PolicyRulesError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'PolicyRulesError';
  }
}
