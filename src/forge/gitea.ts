import { z } from 'zod';
import { ForgeError } from './errors.js';
import { createForgeHttp, projectPath, type ForgeHttp } from './http.js';
import type { Forge, ForgeSettings, PullRequest, PullRequestDraft } from './types.js';

const pullSchema = z.object({
  number: z.number().int(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.string(),
  merged: z.boolean().optional(),
  head: z.object({ ref: z.string() }),
  base: z.object({ ref: z.string() }),
  labels: z.array(z.object({ name: z.string() })).nullable().optional(),
});
type GiteaPull = z.output<typeof pullSchema>;
const labelsSchema = z.array(z.object({ id: z.number().int(), name: z.string() }));
const anyReply = z.unknown();
const PAGE_SIZE = 50;
// Gitea cannot filter pull requests by branch, so open ones are paged through; this bounds the walk.
const MAX_PAGES = 10;

/** Gitea and Forgejo (same API) over REST v1. */
export function createGiteaForge(settings: ForgeSettings): Forge {
  const http = createForgeHttp(settings, { Authorization: `token ${settings.token}` });
  const repo = `/repos/${projectPath(settings.project)}`;
  const matching = async (head: string, base: string, state: 'open' | 'closed', pages: number) => {
    const out: PullRequest[] = [];
    for (let page = 1; page <= pages; page++) {
      const query = { state, sort: 'recentupdate', limit: PAGE_SIZE, page };
      const pulls = await http.request('GET', `${repo}/pulls`, z.array(pullSchema), { query });
      out.push(...pulls.filter((p) => p.head.ref === head && p.base.ref === base).map(toPullRequest));
      if (pulls.length < PAGE_SIZE || (state === 'open' && out.length)) break;
    }
    return out;
  };
  return {
    kind: 'gitea',
    findOpen: async (head, base) => (await matching(head, base, 'open', MAX_PAGES))[0],
    findClosed: (head, base) => matching(head, base, 'closed', 1),
    async create(draft) {
      const body = { head: draft.head, base: draft.base, title: draft.title, body: draft.body };
      return toPullRequest(await http.request('POST', `${repo}/pulls`, pullSchema, { body }));
    },
    decorate: (pr, draft) => decorate(http, repo, pr.number, draft),
    async update(number, change) {
      return toPullRequest(await http.request('PATCH', `${repo}/pulls/${number}`, pullSchema, { body: change }));
    },
  };
}

async function decorate(http: ForgeHttp, repo: string, n: number, draft: PullRequestDraft): Promise<void> {
  if (draft.labels.length) {
    const ids = await labelIds(http, repo, draft.labels);
    await http.request('POST', `${repo}/issues/${n}/labels`, anyReply, { body: { labels: ids } });
  }
  if (draft.assignees.length) await http.request('PATCH', `${repo}/pulls/${n}`, pullSchema, { body: { assignees: draft.assignees } });
  if (draft.reviewers.length) {
    await http.request('POST', `${repo}/pulls/${n}/requested_reviewers`, anyReply, { body: { reviewers: draft.reviewers } });
  }
  if (draft.autoMerge) {
    await http.request('POST', `${repo}/pulls/${n}/merge`, anyReply, { body: { Do: draft.autoMerge, merge_when_checks_succeed: true } });
  }
}

/** Gitea labels issues by id: the repository's labels are listed once to map names. */
async function labelIds(http: ForgeHttp, repo: string, names: readonly string[]): Promise<number[]> {
  const labels = await http.request('GET', `${repo}/labels`, labelsSchema, { query: { limit: PAGE_SIZE } });
  return names.map((name) => {
    const label = labels.find((l) => l.name === name);
    if (!label) throw new ForgeError('not-found', `label ${JSON.stringify(name)} does not exist in the repository`);
    return label.id;
  });
}

function toPullRequest(p: GiteaPull): PullRequest {
  const state = p.state === 'open' ? 'open' : p.merged ? 'merged' : 'closed';
  const labels = (p.labels ?? []).map((l) => l.name);
  return { number: p.number, url: p.html_url, title: p.title, body: p.body ?? '', state, head: p.head.ref, base: p.base.ref, labels };
}
