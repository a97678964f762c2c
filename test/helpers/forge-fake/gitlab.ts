import type { FakeOptions, ForgeFake } from './server.js';
import { startForgeFake } from './server.js';
import { byNumber, edit, findPulls, openPull } from './store.js';
import type { FakePull, FakeState, ForgeFlavour, HandlerContext, HandlerReply } from './types.js';

type Body = Record<string, unknown>;

function render(p: FakePull, state: FakeState) {
  return {
    id: 1000 + p.number,
    iid: p.number,
    project_id: 1,
    title: p.title,
    description: p.body,
    state: p.state === 'open' ? 'opened' : p.state,
    source_branch: p.head,
    target_branch: p.base,
    web_url: `${state.baseUrl}/${state.project}/-/merge_requests/${p.number}`,
    labels: p.labels,
    merge_when_pipeline_succeeds: p.autoMerge !== undefined,
  };
}

const notFound: HandlerReply = { status: 404, body: { message: '404 Not found' } };
const STATES: Record<string, FakePull['state'][]> = { opened: ['open'], closed: ['closed'], merged: ['merged'], all: ['open', 'closed', 'merged'] };

/** The project in the path must be this fake's (GitLab takes an id or the URL-encoded full path). */
function withPull(ctx: HandlerContext, fn: (pull: FakePull) => HandlerReply): HandlerReply {
  if (ctx.op.params.id !== ctx.state.project) return notFound;
  const pull = byNumber(ctx.state, ctx.op.params.merge_request_iid);
  return pull ? fn(pull) : notFound;
}

export const gitlab: ForgeFlavour = {
  description: 'gitlab.json',
  apiPath: '/api/v4',
  authorized: (h, token) => h['private-token'] === token || h.authorization === `Bearer ${token}`,
  handlers: {
    getApiV4ProjectsIdMergeRequests: ({ op, query, state }) => {
      if (op.params.id !== state.project) return notFound;
      const found = findPulls(state, {
        head: query.get('source_branch') ?? undefined,
        base: query.get('target_branch') ?? undefined,
        states: STATES[query.get('state') ?? 'all']!,
      });
      return { status: 200, body: found.map((p) => render(p, state)) };
    },
    postApiV4ProjectsIdMergeRequests: ({ op, body, state }) => {
      if (op.params.id !== state.project) return notFound;
      const b = body as Body;
      const pull = openPull(state, { head: String(b.source_branch), base: String(b.target_branch), title: String(b.title), body: String(b.description ?? '') });
      if (!pull) return { status: 409, body: { message: ['Another open merge request already exists for this source branch'] } };
      return { status: 201, body: render(pull, state) };
    },
    putApiV4ProjectsIdMergeRequestsMergeRequestIid: (ctx) =>
      withPull(ctx, (pull) => {
        const b = ctx.body as Body;
        edit(ctx.state, pull, { title: b.title as string | undefined, body: b.description as string | undefined });
        // GitLab adds a label a merge request has no second time.
        if (typeof b.add_labels === 'string') pull.labels = [...new Set([...pull.labels, ...b.add_labels.split(',')])];
        const name = (id: unknown) => ctx.state.users.find((u) => u.id === id)?.username ?? `#${String(id)}`;
        if (Array.isArray(b.reviewer_ids)) pull.reviewers = b.reviewer_ids.map(name);
        if (Array.isArray(b.assignee_ids)) pull.assignees = b.assignee_ids.map(name);
        return { status: 200, body: render(pull, ctx.state) };
      }),
    putApiV4ProjectsIdMergeRequestsMergeRequestIidMerge: (ctx) =>
      withPull(ctx, (pull) => {
        const b = ctx.body as Body;
        if (b.merge_when_pipeline_succeeds === true) pull.autoMerge = b.squash === true ? 'squash' : 'merge';
        return { status: 200, body: render(pull, ctx.state) };
      }),
    getApiV4Users: ({ query, state }) => ({
      status: 200,
      body: state.users.filter((u) => u.username === query.get('username')).map((u) => ({ id: u.id, username: u.username })),
    }),
  },
};

export const startGitLabFake = (opts?: FakeOptions): Promise<ForgeFake> => startForgeFake(gitlab, opts);
