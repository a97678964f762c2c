import { z } from 'zod';
import { ForgeError } from './errors.js';
import { createForgeHttp, type ForgeHttp } from './http.js';
import type { Forge, ForgeSettings, PullRequest, PullRequestDraft } from './types.js';

const mergeRequestSchema = z.object({
  iid: z.number().int(),
  web_url: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  state: z.string(),
  source_branch: z.string(),
  target_branch: z.string(),
  labels: z.array(z.string()).optional(),
});
type MergeRequest = z.output<typeof mergeRequestSchema>;
const usersSchema = z.array(z.object({ id: z.number().int(), username: z.string() }));

/** GitLab (gitlab.com or self-hosted) merge requests over REST v4. */
export function createGitLabForge(settings: ForgeSettings): Forge {
  const http = createForgeHttp(settings, { 'PRIVATE-TOKEN': settings.token });
  const mrs = `/projects/${encodeURIComponent(settings.project)}/merge_requests`;
  const list = async (head: string, base: string, state: 'opened' | 'closed') => {
    const query = { state, source_branch: head, target_branch: base, order_by: 'updated_at', sort: 'desc', per_page: 20 };
    const found = await http.request('GET', mrs, z.array(mergeRequestSchema), { query });
    return found.filter((m) => m.source_branch === head && m.target_branch === base).map(toPullRequest);
  };
  return {
    kind: 'gitlab',
    findOpen: async (head, base) => (await list(head, base, 'opened'))[0],
    findClosed: (head, base) => list(head, base, 'closed'),
    async create(draft) {
      const body = {
        source_branch: draft.head,
        target_branch: draft.base,
        title: draft.title,
        description: draft.body,
        remove_source_branch: true,
      };
      return toPullRequest(await http.request('POST', mrs, mergeRequestSchema, { body }));
    },
    async decorate(pr, draft) {
      const body = await decorations(http, draft);
      if (Object.keys(body).length) await http.request('PUT', `${mrs}/${pr.number}`, mergeRequestSchema, { body });
      if (draft.autoMerge) {
        await http.request('PUT', `${mrs}/${pr.number}/merge`, mergeRequestSchema, {
          body: { merge_when_pipeline_succeeds: true, squash: draft.autoMerge === 'squash' },
        });
      }
    },
    async update(number, change) {
      const body = { title: change.title, description: change.body };
      return toPullRequest(await http.request('PUT', `${mrs}/${number}`, mergeRequestSchema, { body }));
    },
  };
}

/** Labels go by name; reviewers and assignees by user id, looked up once per username. */
async function decorations(http: ForgeHttp, draft: PullRequestDraft): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  if (draft.labels.length) body.add_labels = draft.labels.join(',');
  if (draft.reviewers.length) body.reviewer_ids = await userIds(http, draft.reviewers);
  if (draft.assignees.length) body.assignee_ids = await userIds(http, draft.assignees);
  return body;
}

async function userIds(http: ForgeHttp, usernames: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const username of usernames) {
    const users = await http.request('GET', '/users', usersSchema, { query: { username } });
    const user = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
    if (!user) throw new ForgeError('not-found', `GitLab user ${JSON.stringify(username)} not found`);
    ids.push(user.id);
  }
  return ids;
}

function toPullRequest(m: MergeRequest): PullRequest {
  const state = m.state === 'opened' ? 'open' : m.state === 'merged' ? 'merged' : 'closed';
  const labels = m.labels ?? [];
  return { number: m.iid, url: m.web_url, title: m.title, body: m.description ?? '', state, head: m.source_branch, base: m.target_branch, labels };
}
