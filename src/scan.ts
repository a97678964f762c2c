import type { Policy } from './config/types.js';
import type { PolicyUpdate, Problem } from './manifests/types.js';
import { createSelector } from './policy/index.js';
import type { Selection, Selector } from './policy/types.js';
import { RegistryError, type ImageRepo, type Registry, type TagList } from './registry/types.js';
import { defaultConcurrency, forEachByHost, type HostConcurrency } from './scan/by-host.js';
import { readBuildDates } from './scan/dates.js';
import { ImageFacts, type TagFacts, type Wants } from './scan/facts.js';
import { describeSkips, firstUsable, MAX_WALK } from './scan/walk.js';

export { confirmWrites } from './scan/confirm.js';
export { forEachLimited } from './scan/limit.js';
export { hostConcurrency, type HostConcurrency } from './scan/by-host.js';
export { replacedRevisions, type ProvenanceFor } from './scan/replaced.js';

export interface PolicyOutcome {
  policy: string;
  image: string;
  status: 'selected' | 'no-candidate' | 'failed';
  selection?: Selection;
  tags?: number;
  error?: string;
  /** The digest the selected tag points at (an index for multi-platform images), when the policy tracks digests. */
  digest?: string;
  /** `org.opencontainers.image.source` of the selected image, when its manifest was read anyway or the policy asks. */
  source?: string;
  /** `org.opencontainers.image.revision`, likewise. */
  revision?: string;
}

/** A selection no request has confirmed yet: `confirmWrites` checks it only if it is about to be written. */
export interface Unconfirmed {
  repo: ImageRepo;
  /** The selection first, then its runners-up (at most MAX_WALK). */
  candidates: () => string[];
}

export interface ScanResult {
  updates: Map<string, PolicyUpdate>;
  outcomes: PolicyOutcome[];
  problems: Problem[];
  unconfirmed: Map<string, Unconfirmed>;
}

interface PolicyScan {
  outcome: PolicyOutcome;
  problems: Problem[];
  update?: PolicyUpdate;
  unconfirmed?: Unconfirmed;
}

export interface ScanOptions {
  /** Repositories of one registry worked on at once (its `registries[].concurrency`); default 4 each. */
  concurrencyOf?: HostConcurrency;
}

const repoKey = (r: ImageRepo) => `${r.registry}/${r.repository}`;

/**
 * Lists each distinct repository once, however many policies share it, then selects a tag per policy
 * of it. Work is queued per registry host, each host with its own workers, so a registry that hangs
 * delays only its own policies. Manifests are read only for policies that need them (digests,
 * platforms, build dates, annotations), and only for the few best candidates. A failing repository
 * fails only its own policies.
 */
export async function scanPolicies(policies: readonly Policy[], registry: Registry, options: ScanOptions = {}): Promise<ScanResult> {
  const repos = new Map<string, { repo: ImageRepo; policies: number[] }>();
  for (const [i, p] of policies.entries()) {
    const entry = repos.get(repoKey(p.repo));
    if (entry) entry.policies.push(i);
    else repos.set(repoKey(p.repo), { repo: p.repo, policies: [i] });
  }
  const facts = new ImageFacts(registry);
  const scans: PolicyScan[] = new Array<PolicyScan>(policies.length);
  await forEachByHost([...repos.values()], (r) => r.repo.registry, options.concurrencyOf ?? defaultConcurrency, async (entry) => {
    const listing = await registry.listTags(entry.repo).catch((err: unknown) => toError(err));
    // Policies sharing a repository share its listing and HEADs; the host's gate paces their requests.
    await Promise.all(entry.policies.map(async (i) => {
      scans[i] = await scanPolicy(policies[i]!, listing, facts);
    }));
  });
  const result: ScanResult = { updates: new Map(), outcomes: [], problems: [], unconfirmed: new Map() };
  for (const s of scans) {
    result.outcomes.push(s.outcome);
    result.problems.push(...s.problems);
    if (s.update) result.updates.set(s.update.id, s.update);
    if (s.update && s.unconfirmed) result.unconfirmed.set(s.update.id, s.unconfirmed);
  }
  return result;
}

async function scanPolicy(policy: Policy, listing: TagList | Error, facts: ImageFacts): Promise<PolicyScan> {
  const base = { policy: policy.id, image: policy.image };
  if (listing instanceof Error) return failed(policy, listing);
  const problems: Problem[] = [];
  if (listing.truncated) {
    const message = `${policy.id}: tag listing of ${policy.image} stopped at the page limit after ${listing.pages} pages; newer tags may be missed: ` +
      `raise registries[].maxPages for ${policy.repo.registry}`;
    problems.push(warning(policy, 'registry-error', message));
  }
  const tags = listing.tags;
  try {
    const wants = wantsOf(policy);
    const inspect = (tag: string) => facts.inspect(policy.repo, tag, wants ?? {});
    const selector = await bindDates(policy, createSelector(policy.rules), tags, inspect, problems);
    const selection = selector.select(tags);
    const counted = { ...base, selection, tags: tags.length };
    if (selection.tag === undefined) return { outcome: { ...counted, status: 'no-candidate' }, problems };
    if (wants === undefined) {
      const update = { id: policy.id, image: policy.image, tag: selection.tag, compare: selector.compare };
      const unconfirmed = { repo: policy.repo, candidates: () => selector.ranked(tags, MAX_WALK) };
      return { outcome: { ...counted, status: 'selected' }, problems, update, unconfirmed };
    }
    const walked = await firstUsable(selector.ranked(tags, MAX_WALK), inspect, policy.platforms);
    if (walked.skipped.length > 0) problems.push(skipWarning(policy, walked.skipped, walked.tag));
    if (walked.tag === undefined) return { outcome: { ...counted, status: 'no-candidate' }, problems };
    const update = toUpdate(policy, walked.tag, walked.facts, selector);
    const outcome: PolicyOutcome = { ...counted, selection: { ...selection, tag: walked.tag }, status: 'selected', ...annotations(update) };
    if (update.digest !== undefined) outcome.digest = update.digest;
    return { outcome, problems, update };
  } catch (err) {
    if (err instanceof RegistryError) return failed(policy, err, problems);
    throw err;
  }
}

/**
 * What must be read about candidates beyond the listing; undefined when nothing is (the selection is
 * then confirmed only if it is about to be written). `newest` reads dates, so its walk reuses them.
 */
function wantsOf(policy: Policy): Wants | undefined {
  const newest = policy.rules.ordering.kind === 'newest';
  if (!newest && !policy.digestReflection && !policy.platforms && !policy.sourceAnnotations) return undefined;
  const wants: Wants = {};
  if (newest) wants.created = true;
  if (policy.platforms) Object.assign(wants, { platforms: true, prefer: policy.platforms });
  if (policy.sourceAnnotations) wants.annotations = true;
  return wants;
}

async function bindDates(policy: Policy, selector: Selector, tags: readonly string[], inspect: (tag: string) => Promise<TagFacts>, problems: Problem[]): Promise<Selector> {
  if (!selector.byDate) return selector;
  const read = await readBuildDates(selector.byDate, tags, inspect);
  if (read.inspected < read.candidates) {
    const message = `${policy.id}: ${read.candidates} tags pass the filter; build dates were read for ${read.inspected} (maxCandidates), ` +
      'chosen by the highest filter values; narrow filterTags or raise maxCandidates';
    problems.push(warning(policy, 'candidate-skipped', message));
  }
  return selector.byDate.withDates(read.dates);
}

function toUpdate(policy: Policy, tag: string, facts: TagFacts, selector: Selector): PolicyUpdate {
  const update: PolicyUpdate = { id: policy.id, image: policy.image, tag, compare: selector.compare };
  if (policy.digestReflection) Object.assign(update, { digest: facts.digest, digestReflection: policy.digestReflection });
  if (facts.source !== undefined) update.source = facts.source;
  if (facts.revision !== undefined) update.revision = facts.revision;
  return update;
}

function annotations(update: PolicyUpdate): Pick<PolicyOutcome, 'source' | 'revision'> {
  const out: Pick<PolicyOutcome, 'source' | 'revision'> = {};
  if (update.source !== undefined) out.source = update.source;
  if (update.revision !== undefined) out.revision = update.revision;
  return out;
}

/** Why the selection is not the best-ranked tag; `tag` is what was selected instead, if anything. */
function skipWarning(policy: Pick<Policy, 'id'>, skipped: Parameters<typeof describeSkips>[0], tag: string | undefined): Problem {
  const outcome = tag === undefined ? `none of the ${skipped.length} best candidates can be used` : `selected "${tag}" instead`;
  return warning(policy, 'candidate-skipped', `${policy.id}: ${describeSkips(skipped)}; ${outcome}`);
}

function warning(policy: Pick<Policy, 'id'>, kind: Problem['kind'], message: string): Problem {
  return { kind, severity: 'warning', policy: policy.id, message };
}

function failed(policy: Policy, err: Error, problems: Problem[] = []): PolicyScan {
  const problem: Problem = { kind: 'registry-error', severity: 'error', policy: policy.id, message: `${policy.id}: ${err.message}` };
  return { outcome: { policy: policy.id, image: policy.image, status: 'failed', error: err.message }, problems: [...problems, problem] };
}

function toError(err: unknown): Error {
  if (err instanceof RegistryError) return err;
  return new Error(`registry request failed: ${err instanceof Error ? err.message : String(err)}`);
}
