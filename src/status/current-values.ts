import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isManifestName, walkFiles } from '../files/walk.js';
import { locateMarkers } from '../manifests/locate.js';
import { parseMarkerComment, resolveMarker } from '../manifests/markers.js';
import { parseReference } from '../manifests/reference.js';
import { mayContainMarkers } from '../manifests/screen.js';

/** The tags a policy's markers hold in Git, with how many places hold each. */
export type CurrentValues = Map<string, Map<string, number>>;

/**
 * Reads what the checkout holds today for each policy's whole and `:tag` markers (a `:name` or
 * `:digest` marker holds no tag). Unreadable or unparsable files are skipped: the cycle reports them.
 */
export async function currentValues(dir: string, paths: readonly string[], declared: ReadonlySet<string>): Promise<CurrentValues> {
  const out: CurrentValues = new Map();
  const files = await walkFiles(dir, paths, isManifestName, () => undefined);
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    if (!mayContainMarkers(text)) continue;
    const located = locateMarkers(text);
    if (!located.ok) continue;
    for (const site of located.sites) {
      if (site.target.kind !== 'scalar') continue;
      const marker = parseMarkerComment(site.comment);
      const resolved = marker.ok ? resolveMarker(marker.ref, declared) : undefined;
      if (!resolved?.ok || (resolved.part !== 'whole' && resolved.part !== 'tag')) continue;
      const tag = resolved.part === 'tag' ? site.target.value : parseReference(site.target.value).tag;
      if (tag === undefined) continue;
      const counts = out.get(resolved.policy) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      out.set(resolved.policy, counts);
    }
  }
  return out;
}
