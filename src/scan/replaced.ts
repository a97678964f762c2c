import type { Policy } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { Change } from '../manifests/types.js';
import { isValidDigest, isValidTag } from '../registry/reference.js';
import { RegistryError, type Registry } from '../registry/types.js';
import type { Provenance } from '../report/pr-body.js';
import { tagOf } from '../report/template.js';
import { defaultConcurrency, forEachByHost, type HostConcurrency } from './by-host.js';
import { ImageFacts, IncompleteImage, type TagFacts } from './facts.js';

/** Provenance by policy id, completed for these changes with the revisions of the images they replace. */
export type ProvenanceFor = (changes: readonly Change[]) => Promise<ReadonlyMap<string, Provenance>>;

interface Lookup {
  policy: Policy;
  /** What the old value named: its digest when it carries one (exactly the image replaced), else its tag. */
  reference: string;
  /** The old value's tag as templates show it (ChangeView.fromTag), the key the PR body looks up. */
  fromTag: string;
}

/**
 * The revisions of the images that pull requests replace, for their compare links. Only policies that
 * opted in (`sourceAnnotations: true`) and whose new image states a source and a revision are looked
 * at. Each distinct old reference costs a HEAD and a manifest (a config only when the manifests carry
 * no annotations) once per cycle, however many groups and attempts ask; what a digest names comes from
 * the client's cache. An old image that cannot be read gets no compare link, and nothing else changes.
 */
export function replacedRevisions(
  policies: readonly Policy[],
  provenance: ReadonlyMap<string, Provenance>,
  registry: Registry,
  opts: { log?: Logger; concurrencyOf?: HostConcurrency } = {},
): ProvenanceFor {
  const opted = new Map(policies.filter((p) => p.sourceAnnotations).map((p) => [p.id, p]));
  const facts = new ImageFacts(registry);
  const read = new Map<string, Promise<TagFacts | undefined>>();
  const inspect = (l: Lookup): Promise<TagFacts | undefined> => {
    const key = `${l.policy.repo.registry}/${l.policy.repo.repository}@${l.reference}`;
    let found = read.get(key);
    if (found === undefined) {
      found = facts.inspect(l.policy.repo, l.reference, { annotations: true }).catch((err: unknown) => {
        if (!(err instanceof RegistryError || err instanceof IncompleteImage)) throw err;
        opts.log?.debug({ policy: l.policy.id, reference: l.reference, error: err.message }, 'no compare link: the replaced image cannot be read');
        return undefined;
      });
      read.set(key, found);
    }
    return found;
  };
  return async (changes) => {
    const lookups = changes.flatMap((c) => lookupOf(c, opted.get(c.policy), provenance.get(c.policy)));
    const found = new Map<string, Map<string, string>>();
    await forEachByHost(lookups, (l) => l.policy.repo.registry, opts.concurrencyOf ?? defaultConcurrency, async (l) => {
      const old = await inspect(l);
      const base = provenance.get(l.policy.id)!;
      if (old?.revision === undefined || !sameSource(old.source, base.source!)) return;
      found.set(l.policy.id, (found.get(l.policy.id) ?? new Map<string, string>()).set(l.fromTag, old.revision));
    });
    const out = new Map(provenance);
    for (const [id, fromRevisions] of found) out.set(id, { ...provenance.get(id), fromRevisions });
    return out;
  };
}

function lookupOf(c: Change, policy: Policy | undefined, base: Provenance | undefined): Lookup[] {
  if (policy === undefined || base?.source === undefined || base.revision === undefined) return [];
  const reference = oldReference(c);
  return reference === undefined ? [] : [{ policy, reference, fromTag: tagOf(c.part, c.from) }];
}

function oldReference(c: Change): string | undefined {
  if (c.part === 'name') return undefined;
  if (c.part === 'digest') return isValidDigest(c.from) ? c.from : undefined;
  const at = c.part === 'whole' ? c.from.lastIndexOf('@') : -1;
  if (at >= 0 && isValidDigest(c.from.slice(at + 1))) return c.from.slice(at + 1);
  const tag = tagOf(c.part, c.from);
  return isValidTag(tag) ? tag : undefined;
}

/** A compare view spans one repository: an old image built elsewhere (the repo moved) gets none. */
function sameSource(old: string | undefined, current: string): boolean {
  const norm = (url: string) => url.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
  return old === undefined || norm(old) === norm(current);
}
