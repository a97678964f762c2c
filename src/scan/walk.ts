import { formatPlatform, missingPlatforms, type Platform } from '../registry/platform.js';
import { RegistryError } from '../registry/types.js';
import { IncompleteImage, type TagFacts } from './facts.js';

/**
 * How far down the ordering the scan goes when the best tags cannot be used (a platform missing, the
 * tag deleted since the listing). Each step costs a HEAD, and a manifest when platforms are checked.
 */
export const MAX_WALK = 10;

export interface Skipped {
  tag: string;
  reason: string;
}

export type Walked =
  | { tag: string; facts: TagFacts; skipped: Skipped[] }
  | { tag: undefined; skipped: Skipped[] };

/**
 * The first candidate (best first) that exists and offers every required platform. A tag the registry
 * no longer knows is skipped; any other registry failure ends the walk (thrown): moving to a lower
 * candidate because a registry hiccupped would pick a worse tag for no reason.
 */
export async function firstUsable(
  candidates: readonly string[],
  inspect: (tag: string) => Promise<TagFacts>,
  platforms: readonly Platform[] = [],
): Promise<Walked> {
  const skipped: Skipped[] = [];
  for (const tag of candidates.slice(0, MAX_WALK)) {
    let facts: TagFacts;
    try {
      facts = await inspect(tag);
    } catch (err) {
      if (err instanceof RegistryError && err.kind === 'not-found') {
        skipped.push({ tag, reason: 'no longer exists in the registry' });
        continue;
      }
      if (err instanceof IncompleteImage) {
        skipped.push({ tag, reason: 'refers to a manifest or config the registry does not have' });
        continue;
      }
      throw err;
    }
    const missing = platforms.length > 0 ? missingPlatforms(facts.platforms ?? [], platforms) : [];
    if (missing.length === 0) return { tag, facts, skipped };
    skipped.push({ tag, reason: `does not offer ${missing.map(formatPlatform).join(', ')}` });
  }
  return { tag: undefined, skipped };
}

/** One line for a report: why the selection is not the best-ranked tag. */
export function describeSkips(skipped: readonly Skipped[]): string {
  return skipped.map((s) => `"${s.tag}" ${s.reason}`).join('; ');
}
