import type { FakeOptions, ForgeFake } from './server.js';
import { startForgeFake } from './server.js';
import { byNumber, edit, findPulls, MERGED_AT, openPull } from './store.js';
import type { FakePull, FakeState, ForgeFlavour, Handler, HandlerContext, HandlerReply } from './types.js';

type Body = Record<string, unknown>;

function render(p: FakePull, state: FakeState) {
  const [owner] = state.project.split('/');
  const web = `${state.baseUrl}/${state.project}/pull/${p.number}`;
  return {
    number: p.number,
    node_id: `PR_kw${p.number}`,
    url: `${state.baseUrl}/repos/${state.project}/pulls/${p.number}`,
    html_url: web,
    title: p.title,
    body: p.body,
    state: p.state === 'open' ? 'open' : 'closed',
    merged_at: p.state === 'merged' ? MERGED_AT : null,
    head: { ref: p.head, label: `${owner}:${p.head}` },
    base: { ref: p.base, label: `${owner}:${p.base}` },
    labels: p.labels.map((name) => label(name, state)),
  };
}

/** A label in full: nested in a pull request, the reply is not completed from the schema. */
function label(name: string, state: FakeState) {
  const id = state.labels.find((l) => l.name === name)?.id ?? 0;
  const url = `${state.baseUrl}/repos/${state.project}/labels/${encodeURIComponent(name)}`;
  return { id, node_id: `LA_kw${id}`, url, name, description: '', color: 'ededed', default: false };
}

const notFound: HandlerReply = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

/** Every operation is under /repos/{owner}/{repo}: another repository is not found. */
function scoped(handlers: Record<string, Handler>): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([id, h]) => [id, (ctx: HandlerContext) => (`${ctx.op.params.owner}/${ctx.op.params.repo}` === ctx.state.project ? h(ctx) : notFound)]),
  );
}

export const github: ForgeFlavour = {
  description: 'github.json',
  apiPath: '',
  authorized: (h, token) => h.authorization === `Bearer ${token}` || h.authorization === `token ${token}`,
  handlers: scoped({
    'pulls/list': ({ query, state }) => {
      const head = query.get('head') ?? undefined;
      const wanted = query.get('state') ?? 'open';
      const states: FakePull['state'][] = wanted === 'all' ? ['open', 'closed', 'merged'] : wanted === 'closed' ? ['closed', 'merged'] : ['open'];
      const found = findPulls(state, { head: head?.slice(head.indexOf(':') + 1), base: query.get('base') ?? undefined, states });
      return { status: 200, body: found.slice(0, Number(query.get('per_page') ?? 30)).map((p) => render(p, state)) };
    },
    'pulls/create': ({ body, state }) => {
      const b = body as Body;
      const head = String(b.head);
      const pull = openPull(state, { head: head.slice(head.indexOf(':') + 1), base: String(b.base), title: String(b.title), body: String(b.body ?? '') });
      if (!pull) {
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
            errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${head}.` }],
          },
        };
      }
      return { status: 201, body: render(pull, state) };
    },
    'pulls/update': ({ op, body, state }) => {
      const pull = byNumber(state, op.params.pull_number);
      return pull ? { status: 200, body: render(edit(state, pull, body as Body), state) } : notFound;
    },
    'issues/add-labels': ({ op, body, state }) => {
      const pull = byNumber(state, op.params.issue_number);
      if (!pull) return notFound;
      // GitHub adds a label a pull request has (in any case) no second time.
      for (const name of (body as { labels: string[] }).labels ?? []) {
        if (!pull.labels.some((l) => l.toLowerCase() === name.toLowerCase())) pull.labels.push(name);
      }
      return { status: 200, body: pull.labels.map((name) => label(name, state)) };
    },
    'issues/add-assignees': ({ op, body, state }) => {
      const pull = byNumber(state, op.params.issue_number);
      if (!pull) return notFound;
      pull.assignees.push(...((body as { assignees: string[] }).assignees ?? []));
      return { status: 201, body: { number: pull.number, title: pull.title, state: pull.state === 'open' ? 'open' : 'closed' } };
    },
    'pulls/request-reviewers': ({ op, body, state }) => {
      const pull = byNumber(state, op.params.pull_number);
      if (!pull) return notFound;
      const b = body as { reviewers?: string[]; team_reviewers?: string[] };
      pull.reviewers.push(...(b.reviewers ?? []), ...(b.team_reviewers ?? []).map((t) => `team:${t}`));
      return { status: 201, body: render(pull, state) };
    },
  }),
  // Auto-merge has no REST endpoint, so the one GraphQL mutation is checked by hand.
  custom: (method, path, body, state) => {
    if (method !== 'POST' || path !== '/graphql') return undefined;
    const b = body as { query?: string; variables?: { id?: string; method?: string } };
    const problems: string[] = [];
    if (!/mutation\b[\s\S]*enablePullRequestAutoMerge\(input:\s*\{pullRequestId: \$id, mergeMethod: \$method\}\)/.test(b.query ?? '')) {
      problems.push('not the enablePullRequestAutoMerge mutation');
    }
    if (!['MERGE', 'SQUASH', 'REBASE'].includes(b.variables?.method ?? '')) problems.push(`bad mergeMethod ${b.variables?.method}`);
    const pull = state.pulls.find((p) => `PR_kw${p.number}` === b.variables?.id);
    if (!pull) problems.push(`no pull request with node id ${b.variables?.id}`);
    else pull.autoMerge = b.variables!.method!.toLowerCase();
    return { status: 200, body: { data: { enablePullRequestAutoMerge: { clientMutationId: null } } }, problems };
  },
};

export const startGitHubFake = (opts?: FakeOptions): Promise<ForgeFake> => startForgeFake(github, opts);
