import { z } from 'zod';
import { ForgeError } from './errors.js';
import { createForgeHttp, projectPath, type ForgeHttp } from './http.js';
import type { Forge, MergeMethod, PullRequest, PullRequestDraft, ForgeSettings } from './types.js';

const pullSchema = z.object({
  number: z.number().int(),
  node_id: z.string(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']),
  merged_at: z.string().nullable().optional(),
  head: z.object({ ref: z.string() }),
  base: z.object({ ref: z.string() }),
  labels: z.array(z.object({ name: z.string() })).optional(),
});
type GitHubPull = z.output<typeof pullSchema>;
const anyReply = z.unknown();

/**
 * GitHub and GitHub Enterprise over REST v3 (plain axios: the five calls used do not justify
 * Octokit's size). Auto-merge exists only in GraphQL, so that one call goes there.
 */
export function createGitHubForge(settings: ForgeSettings): Forge {
  const http = createForgeHttp(settings, {
    Authorization: `Bearer ${settings.token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
  });
  const repo = `/repos/${projectPath(settings.project)}`;
  const owner = settings.project.split('/')[0]!;
  const list = async (head: string, base: string, state: 'open' | 'closed') => {
    const query = { state, head: `${owner}:${head}`, base, sort: 'updated', direction: 'desc', per_page: 20 };
    const pulls = await http.request('GET', `${repo}/pulls`, z.array(pullSchema), { query });
    return pulls.filter((p) => p.head.ref === head && p.base.ref === base);
  };
  return {
    kind: 'github',
    findOpen: async (head, base) => (await list(head, base, 'open')).map(toPullRequest)[0],
    findClosed: async (head, base) => (await list(head, base, 'closed')).map(toPullRequest),
    async create(draft) {
      const created = await http.request('POST', `${repo}/pulls`, pullSchema, {
        body: { title: draft.title, head: draft.head, base: draft.base, body: draft.body, maintainer_can_modify: true },
      });
      return toPullRequest(created);
    },
    decorate: (pr, draft) => decorate(http, repo, pr, draft),
    async update(number, change) {
      return toPullRequest(await http.request('PATCH', `${repo}/pulls/${number}`, pullSchema, { body: change }));
    },
  };
}

async function decorate(http: ForgeHttp, repo: string, pull: PullRequest, draft: PullRequestDraft): Promise<void> {
  const n = pull.number;
  if (draft.labels.length) await http.request('POST', `${repo}/issues/${n}/labels`, anyReply, { body: { labels: draft.labels } });
  if (draft.assignees.length) await http.request('POST', `${repo}/issues/${n}/assignees`, anyReply, { body: { assignees: draft.assignees } });
  const teams = draft.reviewers.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1));
  const users = draft.reviewers.filter((r) => !r.includes('/'));
  if (teams.length || users.length) {
    await http.request('POST', `${repo}/pulls/${n}/requested_reviewers`, anyReply, { body: { reviewers: users, team_reviewers: teams } });
  }
  if (draft.autoMerge && pull.nodeId) await enableAutoMerge(http, pull.nodeId, draft.autoMerge);
}

const graphqlReply = z.object({ data: z.unknown().optional(), errors: z.array(z.object({ message: z.string() })).optional() });

async function enableAutoMerge(http: ForgeHttp, nodeId: string, method: MergeMethod): Promise<void> {
  const query =
    'mutation($id: ID!, $method: PullRequestMergeMethod!) { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method}) { clientMutationId } }';
  const reply = await http.request('POST', graphqlUrl(http.baseUrl), graphqlReply, {
    body: { query, variables: { id: nodeId, method: method.toUpperCase() } },
  });
  if (reply.errors?.length) throw new ForgeError('invalid', `enabling auto-merge: ${reply.errors.map((e) => e.message).join('; ')}`);
}

/** api.github.com → /graphql; GitHub Enterprise's …/api/v3 → …/api/graphql. */
export function graphqlUrl(restBase: string): string {
  return /\/api\/v3$/.test(restBase) ? restBase.replace(/\/v3$/, '/graphql') : `${restBase}/graphql`;
}

function toPullRequest(p: GitHubPull): PullRequest {
  const state = p.state === 'open' ? 'open' : p.merged_at ? 'merged' : 'closed';
  const labels = (p.labels ?? []).map((l) => l.name);
  return { number: p.number, url: p.html_url, title: p.title, body: p.body ?? '', state, head: p.head.ref, base: p.base.ref, labels, nodeId: p.node_id };
}
