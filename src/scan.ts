import type { Policy } from './config/types.js';
import type { PolicyUpdate, Problem } from './manifests/types.js';
import { createSelector } from './policy/index.js';
import type { Selection } from './policy/types.js';
import { RegistryError, type ImageRepo, type Registry, type TagList } from './registry/types.js';

export interface PolicyOutcome {
  policy: string;
  image: string;
  status: 'selected' | 'no-candidate' | 'failed';
  selection?: Selection;
  tags?: number;
  error?: string;
}

export interface ScanResult {
  updates: Map<string, PolicyUpdate>;
  outcomes: PolicyOutcome[];
  problems: Problem[];
}

const repoKey = (r: ImageRepo) => `${r.registry}/${r.repository}`;

/**
 * Lists each distinct repository once, however many policies share it, then selects a tag per policy.
 * A failing repository fails only its own policies.
 */
export async function scanPolicies(policies: readonly Policy[], registry: Registry, concurrency = 8): Promise<ScanResult> {
  const repos = new Map<string, ImageRepo>();
  for (const p of policies) repos.set(repoKey(p.repo), p.repo);
  const listings = new Map<string, TagList | Error>();
  await forEachLimited([...repos], concurrency, async ([key, repo]) => {
    listings.set(key, await registry.listTags(repo).catch((err: unknown) => toError(err)));
  });
  const result: ScanResult = { updates: new Map(), outcomes: [], problems: [] };
  for (const p of policies) selectFor(p, listings.get(repoKey(p.repo))!, result);
  return result;
}

function selectFor(policy: Policy, listing: TagList | Error, out: ScanResult): void {
  const base = { policy: policy.id, image: policy.image };
  if (listing instanceof Error) {
    out.outcomes.push({ ...base, status: 'failed', error: listing.message });
    out.problems.push({ kind: 'registry-error', severity: 'error', policy: policy.id, message: `${policy.id}: ${listing.message}` });
    return;
  }
  if (listing.truncated) {
    const message = `${policy.id}: tag listing of ${policy.image} stopped at the page limit after ${listing.pages} pages; newer tags may be missed`;
    out.problems.push({ kind: 'registry-error', severity: 'warning', policy: policy.id, message });
  }
  const selector = createSelector(policy.rules);
  const selection = selector.select(listing.tags);
  if (selection.tag === undefined) {
    out.outcomes.push({ ...base, status: 'no-candidate', selection, tags: listing.tags.length });
    return;
  }
  out.outcomes.push({ ...base, status: 'selected', selection, tags: listing.tags.length });
  out.updates.set(policy.id, { id: policy.id, image: policy.image, tag: selection.tag, compare: selector.compare });
}

function toError(err: unknown): Error {
  if (err instanceof RegistryError) return err;
  return new Error(`registry request failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
