import { quote } from './problem.js';
import type { RuleProblem } from './types.js';

/**
 * What each ordering (semver, numerical, alphabetical) provides to the selector. `K` is the parsed
 * value, computed once per tag so that selecting among thousands of tags parses each only once.
 */
export interface RankedOrdering<K> {
  /** The ordering's value for a (possibly extracted) string; undefined when it is not one. */
  rank(value: string): K | undefined;
  /** Whether a ranked value may be selected at all (semver: inside the range). */
  admits(key: K): boolean;
  /** Positive when `a` would be selected over `b`; the direction (`asc`/`desc`) is already applied. */
  compare(a: K, b: K): number;
}

export type CompiledOrdering<K> =
  | { ordering: RankedOrdering<K>; problems: [] }
  | { ordering: undefined; problems: RuleProblem[] };

export type Direction = 'asc' | 'desc';

/**
 * `asc` selects the highest value, `desc` the lowest. A missing order means `asc`, Flux's default;
 * anything else (including `ASC`) is a problem rather than a guess.
 */
export function parseDirection(kind: string, order: unknown): Direction | RuleProblem {
  if (order === undefined || order === 'asc') return 'asc';
  if (order === 'desc') return 'desc';
  return { field: `policy.${kind}.order`, message: `order ${quote(order)} is not one of "asc", "desc"` };
}

/** Turns an ascending comparison into one where positive means "selected over". */
export function directed<K>(direction: Direction, ascending: (a: K, b: K) => number): (a: K, b: K) => number {
  return direction === 'asc' ? ascending : (a, b) => ascending(b, a);
}

export function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
