import type { FakeOptions, ForgeFake } from './server.js';
import { startForgeFake } from './server.js';
import { byNumber, edit, findPulls, openPull } from './store.js';
import type { FakePull, FakeState, ForgeFlavour, HandlerContext, HandlerReply } from './types.js';

type Body = Record<string, unknown>;

function render(p: FakePull, state: FakeState) {
  return {
    id: 2000 + p.number,
    number: p.number,
    url: `${state.baseUrl}/api/v1/repos/${state.project}/pulls/${p.number}`,
    html_url: `${state.baseUrl}/${state.project}/pulls/${p.number}`,
    title: p.title,
    body: p.body,
    state: p.state === 'open' ? 'open' : 'closed',
    merged: p.state === 'merged',
    head: { ref: p.head, label: p.head },
    base: { ref: p.base, label: p.base },
    labels: state.labels.filter((l) => p.labels.includes(l.name)),
  };
}

const notFound: HandlerReply = { status: 404, body: { message: 'The target couldn\'t be found.', url: 'https://docs.gitea.com/api' } };
const STATES: Record<string, FakePull['state'][]> = { open: ['open'], closed: ['closed', 'merged'], all: ['open', 'closed', 'merged'] };

function inRepo(ctx: HandlerContext): boolean {
  return `${ctx.op.params.owner}/${ctx.op.params.repo}` === ctx.state.project;
}

function withPull(ctx: HandlerContext, fn: (pull: FakePull) => HandlerReply): HandlerReply {
  const pull = inRepo(ctx) ? byNumber(ctx.state, ctx.op.params.index) : undefined;
  return pull ? fn(pull) : notFound;
}

export const gitea: ForgeFlavour = {
  description: 'gitea.json',
  apiPath: '/api/v1',
  authorized: (h, token) => h.authorization === `token ${token}` || h.authorization === `Bearer ${token}`,
  handlers: {
    repoListPullRequests: (ctx) => {
      if (!inRepo(ctx)) return notFound;
      const limit = Number(ctx.query.get('limit') ?? 30);
      const page = Number(ctx.query.get('page') ?? 1);
      const found = findPulls(ctx.state, { states: STATES[ctx.query.get('state') ?? 'open']! });
      return { status: 200, body: found.slice((page - 1) * limit, page * limit).map((p) => render(p, ctx.state)) };
    },
    repoCreatePullRequest: (ctx) => {
      if (!inRepo(ctx)) return notFound;
      const b = ctx.body as Body;
      const pull = openPull(ctx.state, { head: String(b.head), base: String(b.base), title: String(b.title), body: String(b.body ?? '') });
      if (!pull) return { status: 409, body: { message: 'pull request already exists for these targets', url: 'https://docs.gitea.com/api' } };
      return { status: 201, body: render(pull, ctx.state) };
    },
    repoEditPullRequest: (ctx) =>
      withPull(ctx, (pull) => {
        const b = ctx.body as Body;
        edit(ctx.state, pull, { title: b.title as string | undefined, body: b.body as string | undefined });
        if (Array.isArray(b.assignees)) pull.assignees = b.assignees.map(String);
        return { status: 201, body: render(pull, ctx.state) };
      }),
    issueListLabels: (ctx) => (inRepo(ctx) ? { status: 200, body: ctx.state.labels } : notFound),
    issueAddLabel: (ctx) =>
      withPull(ctx, (pull) => {
        const ids = ((ctx.body as Body).labels as number[]) ?? [];
        // Gitea adds a label an issue has no second time.
        const names = ids.map((id) => ctx.state.labels.find((l) => l.id === id)?.name ?? `#${id}`);
        pull.labels.push(...names.filter((n, i) => !pull.labels.includes(n) && names.indexOf(n) === i));
        return { status: 200, body: ctx.state.labels.filter((l) => pull.labels.includes(l.name)) };
      }),
    repoCreatePullReviewRequests: (ctx) =>
      withPull(ctx, (pull) => {
        const reviewers = ((ctx.body as Body).reviewers as string[]) ?? [];
        pull.reviewers.push(...reviewers);
        return { status: 201, body: reviewers.map((login, i) => ({ id: i + 1, state: 'REQUEST_REVIEW', user: { login } })) };
      }),
    repoMergePullRequest: (ctx) =>
      withPull(ctx, (pull) => {
        const b = ctx.body as Body;
        if (b.merge_when_checks_succeed === true) pull.autoMerge = String(b.Do);
        else pull.state = 'merged';
        return { status: 200 };
      }),
  },
};

export const startGiteaFake = (opts?: FakeOptions): Promise<ForgeFake> => startForgeFake(gitea, opts);
