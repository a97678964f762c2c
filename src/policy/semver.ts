import { Range, SemVer, compareBuild, parse } from 'semver';
import type { CompiledOrdering } from './ordering.js';
import { quote } from './problem.js';
import type { RuleProblem } from './types.js';

const FIELD = 'policy.semver.range';

/**
 * Tags must be strict `X.Y.Z[-pre][+build]` with an optional lowercase `v` (as Flux requires):
 * `1.0`, `1.0.0.1`, `1.0.0p`, `b1.2.3`, `V1.0.0` are unrankable. npm's strict parser already refuses
 * those, but it trims whitespace first, which a tag must not get away with.
 */
export function parseTagVersion(value: string): SemVer | undefined {
  if (/\s/.test(value)) return undefined;
  return parse(value, { loose: false }) ?? undefined;
}

/**
 * Ranges are read by npm `semver` after translating the Masterminds spellings Flux users write:
 * `,` between comparators means AND (npm uses a space) and `=>`/`=<` mean `>=`/`<=`.
 * Masterminds' `!=` has no npm equivalent and is refused with a pointer to `exclusionList`.
 *
 * Prereleases follow Flux (Masterminds), not npm: a prerelease tag is admitted when every comparator
 * of some `||` branch itself names a prerelease and is satisfied. So `>=1.0.0-0` admits `1.0.0-rc.1`
 * and `1.1.0-rc.1` alike (npm would admit only prereleases of 1.0.0), `>=1.0.0` admits none, and
 * `>=1.0.0-0 <2.0.0` admits none either (its `<2.0.0` names no prerelease; write `<2.0.0-0`).
 * Flux users rely on `>=X-0` meaning "prereleases too", so migrating must not narrow it.
 */
export function parseRange(range: unknown): Range | RuleProblem {
  if (typeof range !== 'string' || range.trim() === '') {
    return { field: FIELD, message: `range ${quote(range)} is empty; write "*" to accept every version` };
  }
  if (/(^|[\s,|])!=/.test(range)) {
    return { field: FIELD, message: `range ${quote(range)} uses "!=", which is not supported; list the version in exclusionList instead` };
  }
  const npmRange = range
    .replace(/,/g, ' ')
    .replace(/(^|[\s|])=>/g, '$1>=')
    .replace(/(^|[\s|])=</g, '$1<=');
  try {
    return new Range(npmRange, { loose: false, includePrerelease: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { field: FIELD, message: `invalid semver range ${quote(range)}: ${reason}` };
  }
}

/**
 * The highest version in the range wins. Equal precedence is broken by build metadata (semver's
 * `compareBuild`: `+build.10` over `+build.2`, any build over none); what still ties (`1.0.0` and
 * `v1.0.0`) is left to the selector, which prefers the lexically greater tag (so `v1.0.0`).
 */
export function compileSemver(range: unknown): CompiledOrdering<SemVer> {
  const parsed = parseRange(range);
  if (!(parsed instanceof Range)) return { ordering: undefined, problems: [parsed] };
  return {
    problems: [],
    ordering: {
      rank: parseTagVersion,
      admits: (version) => (version.prerelease.length === 0 ? parsed.test(version) : admitsPrerelease(parsed, version)),
      compare: (a, b) => compareBuild(a, b),
    },
  };
}

function admitsPrerelease(range: Range, version: SemVer): boolean {
  return range.set.some((branch) => branch.every((c) => (c.semver.prerelease?.length ?? 0) > 0 && c.test(version)));
}
