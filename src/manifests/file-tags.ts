import type { MarkerSite } from './locate.js';
import { parseMarkerComment, resolveMarker } from './markers.js';
import { parseReference } from './reference.js';

/**
 * The tag each policy's whole and `:tag` markers hold in one file before it is rewritten, for
 * policies whose markers agree on one; a policy whose markers disagree, or that has none, is absent.
 * A `:digest` marker cannot see its tag: under `IfNotPresent` it keeps its digest only while this
 * file-level tag is the selected one.
 */
export function tagsInFile(sites: readonly MarkerSite[], declared: ReadonlySet<string>): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const site of sites) {
    if (site.target.kind !== 'scalar') continue;
    const marker = parseMarkerComment(site.comment);
    if (!marker.ok) continue;
    const resolved = resolveMarker(marker.ref, declared);
    if (!resolved.ok || (resolved.part !== 'whole' && resolved.part !== 'tag')) continue;
    const tag = resolved.part === 'tag' ? site.target.value : parseReference(site.target.value).tag;
    const before = seen.get(resolved.policy);
    seen.set(resolved.policy, tag === undefined || (before !== undefined && before !== tag) ? null : tag);
  }
  const agreed = new Map<string, string>();
  for (const [policy, tag] of seen) if (tag !== null) agreed.set(policy, tag);
  return agreed;
}
