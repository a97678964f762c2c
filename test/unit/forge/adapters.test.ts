import { afterEach, describe, expect, it } from 'vitest';
import { ForgeError } from '../../../src/forge/errors.js';
import { createGiteaForge } from '../../../src/forge/gitea.js';
import { createGitHubForge, graphqlUrl } from '../../../src/forge/github.js';
import { createGitLabForge } from '../../../src/forge/gitlab.js';
import type { Forge, ForgeSettings, PullRequestDraft } from '../../../src/forge/types.js';
import { startGiteaFake } from '../../helpers/forge-fake/gitea.js';
import { startGitHubFake } from '../../helpers/forge-fake/github.js';
import { startGitLabFake } from '../../helpers/forge-fake/gitlab.js';
import type { FakeOptions, ForgeFake } from '../../helpers/forge-fake/server.js';

interface Case {
  name: string;
  start: (o?: FakeOptions) => Promise<ForgeFake>;
  create: (s: ForgeSettings) => Forge;
  /** How the fake records requested reviewers. */
  reviewers: string[];
}

const CASES: Case[] = [
  { name: 'GitHub', start: startGitHubFake, create: createGitHubForge, reviewers: ['alice', 'team:platform'] },
  { name: 'GitLab', start: startGitLabFake, create: createGitLabForge, reviewers: ['alice', 'carol'] },
  { name: 'Gitea', start: startGiteaFake, create: createGiteaForge, reviewers: ['alice', 'carol'] },
];

let fake: ForgeFake | undefined;
afterEach(async () => {
  // Every request the adapter sent and every reply the fake gave matched the forge's API description.
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.stop();
  fake = undefined;
});

const draftFor = (c: Case): PullRequestDraft => ({
  head: 'imagebump/main/all',
  base: 'main',
  title: 'chore(images): update web to 1.2.0',
  body: '| a | b |\n<!-- imagebump:state {} -->',
  labels: ['dependencies'],
  reviewers: c.name === 'GitHub' ? ['alice', 'acme/platform'] : ['alice', 'carol'],
  assignees: ['bob'],
  autoMerge: 'squash',
});

describe.each(CASES)('$name adapter against a fake checked with the forge\'s API description', (c) => {
  const setup = async (opts?: FakeOptions) => {
    fake = await c.start(opts);
    return { fake, forge: c.create({ baseUrl: fake.url, project: fake.project, token: fake.token }) };
  };

  it('opens, decorates, finds and updates one pull request', async () => {
    const { fake, forge } = await setup();
    const draft = draftFor(c);
    expect(await forge.findOpen(draft.head, draft.base)).toBeUndefined();
    const pr = await forge.create(draft);
    expect(pr).toMatchObject({ number: 1, state: 'open', head: draft.head, base: 'main', title: draft.title, body: draft.body });
    expect(pr.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    await forge.decorate(pr, draft);
    expect(fake.pull(1)).toMatchObject({ labels: ['dependencies'], assignees: ['bob'], reviewers: c.reviewers, autoMerge: 'squash' });
    expect(await forge.findOpen(draft.head, 'main')).toMatchObject({ number: 1, labels: ['dependencies'] });
    expect(await forge.findOpen(draft.head, 'other')).toBeUndefined();
    expect(await forge.findOpen('imagebump/main/other', 'main')).toBeUndefined();
    expect(await forge.update(1, { title: 'new', body: 'new body' })).toMatchObject({ number: 1, title: 'new', body: 'new body' });
    expect(fake.pull(1)).toMatchObject({ title: 'new', body: 'new body' });
  });

  it('lists closed pull requests of the branch, newest first, telling merged from closed', async () => {
    const { fake, forge } = await setup();
    const draft = { ...draftFor(c), labels: [], reviewers: [], assignees: [] };
    await forge.create(draft);
    fake.closePull(1);
    await forge.create(draft);
    fake.closePull(2, { merged: true });
    const closed = await forge.findClosed(draft.head, 'main');
    // GitLab's "closed" state excludes merged merge requests; the others report both.
    const expected: [number, string][] = c.name === 'GitLab' ? [[1, 'closed']] : [[2, 'merged'], [1, 'closed']];
    expect(closed.map((p) => [p.number, p.state])).toEqual(expected);
    expect(await forge.findOpen(draft.head, 'main')).toBeUndefined();
  });

  it('reports a second pull request for the same branches as a conflict', async () => {
    const { forge } = await setup();
    await forge.create(draftFor(c));
    const err = await forge.create(draftFor(c)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForgeError);
    expect((err as ForgeError).kind).toBe('conflict');
  });

  it('fails with an auth error that does not carry the token', async () => {
    fake = await c.start();
    const forge = c.create({ baseUrl: fake.url, project: fake.project, token: 'wrong-token-abcdef' });
    const err = (await forge.findOpen('x', 'main').catch((e: unknown) => e)) as ForgeError;
    expect(err).toBeInstanceOf(ForgeError);
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('wrong-token-abcdef');
  });

  it('names a missing repository as not-found', async () => {
    fake = await c.start();
    const forge = c.create({ baseUrl: fake.url, project: 'acme/missing', token: fake.token });
    const err = (await forge.findOpen('x', 'main').catch((e: unknown) => e)) as ForgeError;
    expect(err.kind).toBe('not-found');
  });
});

it('finds GraphQL beside REST on github.com and on GitHub Enterprise', () => {
  expect(graphqlUrl('https://api.github.com')).toBe('https://api.github.com/graphql');
  expect(graphqlUrl('https://ghe.example/api/v3')).toBe('https://ghe.example/api/graphql');
});
