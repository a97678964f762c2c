import type { FakePull, FakeState } from './types.js';

/** The store operations every flavour shares: find by branches, open (refusing a duplicate), edit. */
export function findPulls(state: FakeState, f: { head?: string; base?: string; states: FakePull['state'][] }): FakePull[] {
  return state.pulls
    .filter((p) => f.states.includes(p.state) && (f.head === undefined || p.head === f.head) && (f.base === undefined || p.base === f.base))
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

export function openPull(state: FakeState, draft: { head: string; base: string; title: string; body: string }): FakePull | undefined {
  if (findPulls(state, { head: draft.head, base: draft.base, states: ['open'] }).length) return undefined;
  const pull: FakePull = { ...draft, number: state.nextNumber(), state: 'open', labels: [], assignees: [], reviewers: [], updatedAt: state.clock() };
  state.pulls.push(pull);
  return pull;
}

export function byNumber(state: FakeState, n: string | number | undefined): FakePull | undefined {
  return state.pulls.find((p) => p.number === Number(n));
}

export function edit(state: FakeState, pull: FakePull, change: Partial<Pick<FakePull, 'title' | 'body'>>): FakePull {
  if (typeof change.title === 'string') pull.title = change.title;
  if (typeof change.body === 'string') pull.body = change.body;
  pull.updatedAt = state.clock();
  return pull;
}

export const MERGED_AT = '2024-02-01T00:00:00Z';
