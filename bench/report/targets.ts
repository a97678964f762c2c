import { OURS, peerScenarios, scenario, type SizeResult } from './result.js';

export interface Target {
  size: string;
  what: string;
  /** undefined when the run had nothing to judge it by (no peer, say). */
  met: boolean | undefined;
  measured: string;
}

const LIMITS = {
  small: { speedup: 10, rssMiB: 100 },
  large: { wallS: 30, rssMiB: 250 },
};

/** The targets, judged from one size's figures (median of the warm runs). */
export function targets(result: SizeResult): Target[] {
  const size = result.size.name;
  const once = scenario(result, OURS.once);
  const steady = scenario(result, OURS.steady);
  const out: Target[] = [];
  const add = (what: string, met: boolean | undefined, measured: string) => out.push({ size, what, met, measured });
  if (once) {
    const r = once.median.requests;
    add(REQUESTS_TARGET, withinRequestBudget(r, result.expect.repos),
      `${r.total} requests for ${result.expect.repos} repositories: ${r.tagLists} tag-list pages, ${r.manifestHeads} manifest HEADs, ` +
      `${r.manifests - r.manifestHeads} manifest GETs, ${r.blobs} blobs, ${r.other} other`);
  }
  if (steady) {
    const r = steady.median.requests;
    add('nothing new: registry requests ≤ repositories + further pages', r.total <= requestBudget(result.expect.repos, r.tagLists), `${r.total} requests (${r.manifestHeads} HEADs)`);
    add('nothing new: no git write', steady.median.git.writes === 0, `${steady.median.git.writes} commit/push`);
  }
  add('files without a marker never parsed', result.screen.ok, result.screen.detail ?? '');
  for (const check of result.scenarios.flatMap((s) => s.checks.map((c) => ({ ...c, what: `${s.name}: ${c.what}` })))) {
    // The request budget has its own line above.
    if (!check.ok && !check.what.includes('registry look-ups')) add(check.what, false, check.detail ?? '');
  }
  if (!once) return out;
  const wallS = once.median.wallMs / 1000;
  const rss = once.median.peakRssMiB;
  if (size === 'small') {
    const peer = peerScenarios(result)[0];
    const speedup = peer ? peer.median.wallMs / once.median.wallMs : undefined;
    add(`full cycle ≥ ${LIMITS.small.speedup}× faster than Renovate's look-up`, speedup === undefined ? undefined : speedup >= LIMITS.small.speedup,
      speedup === undefined ? 'no peer in this run (--peer renovate)' : `${speedup.toFixed(1)}× (${wallS.toFixed(2)} s vs ${(peer!.median.wallMs / 1000).toFixed(2)} s)`);
    add(`peak RSS ≤ ${LIMITS.small.rssMiB} MiB`, rss <= LIMITS.small.rssMiB, `${rss.toFixed(0)} MiB`);
  }
  if (size === 'large') {
    add(`full cycle < ${LIMITS.large.wallS} s`, wallS < LIMITS.large.wallS, `${wallS.toFixed(1)} s`);
    add(`peak RSS ≤ ${LIMITS.large.rssMiB} MiB`, rss <= LIMITS.large.rssMiB, `${rss.toFixed(0)} MiB`);
  }
  return out;
}

/** One listing per repository, plus the pages beyond each first one. */
export function requestBudget(repos: number, tagListRequests: number): number {
  return repos + Math.max(0, tagListRequests - repos);
}

/*
 * The budget is one listing per repository plus further pages. Issue #3 also asks that a tag
 * be confirmed with a HEAD before it is written (a tag deleted since the listing must not reach Git),
 * so a cycle that writes a repository's new tag sends one HEAD for it: judged as look-ups within the
 * budget, plus at most one HEAD per repository. A cycle with nothing new sends no HEAD at all.
 */
export const REQUESTS_TARGET = 'registry look-ups ≤ repositories + further pages (+ ≤ 1 confirming HEAD per repository written)';

export function withinRequestBudget(r: { total: number; tagLists: number; manifestHeads: number }, repos: number): boolean {
  return r.total - r.manifestHeads <= requestBudget(repos, r.tagLists) && r.manifestHeads <= repos;
}
