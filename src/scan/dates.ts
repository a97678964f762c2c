import type { DateRanking } from '../policy/types.js';
import { RegistryError } from '../registry/types.js';
import { IncompleteImage, type TagFacts } from './facts.js';
import { forEachLimited } from './limit.js';

export interface DatesRead {
  dates: Map<string, number | undefined>;
  /** Tags that passed exclusion and filter. */
  candidates: number;
  /** Tags whose dates were read (at most `maxCandidates`). */
  inspected: number;
}

/** Dates are read a few tags at a time: enough to overlap round trips, few enough to stay polite. */
const PARALLEL = 4;

/**
 * Reads the build dates `newest` ranks by, for the tags its ranking picks (never for every tag). A tag
 * deleted since the listing, or whose content is incomplete, gets no date and cannot be selected;
 * any other registry failure fails the policy.
 */
export async function readBuildDates(ranking: DateRanking, tags: readonly string[], inspect: (tag: string) => Promise<TagFacts>): Promise<DatesRead> {
  const chosen = ranking.toInspect(tags);
  const dates = new Map<string, number | undefined>();
  await forEachLimited(chosen.tags, PARALLEL, async (tag) => {
    dates.set(tag, await dateOf(tag, inspect));
  });
  return { dates, candidates: chosen.candidates, inspected: chosen.tags.length };
}

async function dateOf(tag: string, inspect: (tag: string) => Promise<TagFacts>): Promise<number | undefined> {
  try {
    return (await inspect(tag)).created;
  } catch (err) {
    if (err instanceof IncompleteImage || (err instanceof RegistryError && err.kind === 'not-found')) return undefined;
    throw err;
  }
}
