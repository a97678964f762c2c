import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { startPushGate, type PushGate } from './gate.js';

const numerical = (name: string, image: string) =>
  `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: ${name}, namespace: race }\nspec:\n  image: ${image}\n  policy: { numerical: {} }\n`;
const deployment = (image: string, policy: string) =>
  `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${image}:1 # {"$imagepolicy": "race:${policy}"}\n`;

let registry: TestRegistry;
let remote: BareRemote;
let http: GitHttpServer;
let gate: PushGate;
let work: string;
const humanShas: string[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  for (const [repo, tags] of [['race/a', ['1', '2', '3']], ['race/b', ['1', '5']], ['race/c', ['1', '7']]] as const) {
    for (const tag of tags) await pushImage(registry.url, repo, tag);
  }
  const img = (r: string) => `${registry.host}/race/${r}`;
  remote = await createBareRemote({
    'policies/team-a/a.yaml': numerical('a', img('a')),
    'policies/team-a/b.yaml': numerical('b', img('b')),
    'policies/team-b/c.yaml': numerical('c', img('c')),
    'apps/team-a/a.yaml': deployment(img('a'), 'a'),
    'apps/team-a/b.yaml': deployment(img('b'), 'b'),
    'apps/team-b/c.yaml': deployment(img('c'), 'c'),
    'docs/README.md': '# docs\n',
  });
  http = await startGitHttp({ root: path.dirname(remote.dir) });
  // The third writer: while each of the first three imagebump pushes is held, a person pushes first.
  let human = Promise.resolve();
  gate = await startPushGate(`${http.url}`, (n) => {
    if (n > 3) return Promise.resolve();
    human = human.then(() => humanCommit(n));
    return human;
  });
  work = await mkdtemp(path.join(tmpdir(), 'imagebump-race-'));
});
afterAll(async () => {
  await gate?.stop();
  await http?.stop();
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

/**
 * Commit 1 edits a file imagebump rewrites too (another line of it): it runs while every imagebump push
 * is held, so it reads the file as it is. The others add files, and like a person whose push was
 * refused because imagebump's landed first, pull and push again.
 */
async function humanCommit(n: number): Promise<void> {
  const a = await remote.readFile('main', 'apps/team-a/a.yaml');
  const files = n === 1 ? { 'apps/team-a/a.yaml': a.replace('kind: Deployment\n', 'kind: Deployment\nmetadata: { labels: { owner: person } }\n') } : { [`docs/human-${n}.md`]: `note ${n}\n` };
  for (let attempt = 1; ; attempt++) {
    try {
      humanShas.push(await remote.commitFromOutside(files, `docs: human commit ${n}`));
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
    }
  }
}

async function config(name: string, team: string): Promise<string> {
  const file = path.join(work, `${name}.yaml`);
  await writeFile(
    file,
    `repo: { url: ${JSON.stringify(`${gate.url}/remote.git`)}, branch: main }\n` +
      `policies: [policies/${team}]\npaths: [apps/${team}]\ncommit:\n  author: { name: Bump Bot, email: bump@example.test }\n  maxAttempts: 10\n`,
  );
  return file;
}

describe('several writers on one branch', () => {
  it('lands every intended change exactly once and loses nobody\'s work', async () => {
    const teamA = await config('team-a', 'team-a');
    const teamB = await config('team-b', 'team-b');
    // Two replicas with the same policies, and a process with other policies, all at once.
    const runs = await Promise.all([teamA, teamA, teamB].map((c) => runCli(['once', '--config', c, '--log-level', 'warn'])));
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // The race did happen: at least one push met a branch that had moved, and was redone.
    const attempts = runs.flatMap((r) => [...r.stdout.matchAll(/(\d+) attempt\(s\)/g)].map((m) => Number(m[1])));
    expect(Math.max(...attempts)).toBeGreaterThan(1);
    expect(gate.pushes).toBeGreaterThanOrEqual(3);

    const log = await remote.log('main');
    const ours = log.filter((c) => c.authorName === 'Bump Bot');
    // One commit per policy set, however many processes wanted it.
    expect(ours.map((c) => c.subject).sort()).toEqual(['chore(images): update 2 images', 'chore(images): update race:c to 7']);
    // The replicas agree on that commit: the one that lost either found nothing left to do, or (same
    // parent, tree, identity and second) made the very same commit, which the remote already has.
    const pushed = new Set(runs.flatMap((r) => [...r.stdout.matchAll(/pushed ([0-9a-f]{40})/g)].map((m) => m[1])));
    expect([...pushed].sort()).toEqual(ours.map((c) => c.sha).sort());
    // Every person's commit is in main's history.
    for (const sha of humanShas) expect(log.map((c) => c.sha)).toContain(sha);
    expect(humanShas).toHaveLength(3);
    // Each change appears exactly once in the whole history.
    const patch = await git(['log', '-p', '--format=', 'main'], remote.dir);
    for (const value of ['race/a:3', 'race/b:5', 'race/c:7']) {
      expect(patch.split('\n').filter((l) => l.startsWith('+') && l.includes(value))).toHaveLength(1);
    }
    // And the final tree has all of it: the person's edit beside imagebump's in the same file.
    const a = await remote.readFile('main', 'apps/team-a/a.yaml');
    expect(a).toContain('metadata: { labels: { owner: person } }');
    expect(a).toContain(`${registry.host}/race/a:3 #`);
    expect(await remote.readFile('main', 'apps/team-a/b.yaml')).toContain('race/b:5 #');
    expect(await remote.readFile('main', 'apps/team-b/c.yaml')).toContain('race/c:7 #');
    expect(await remote.readFile('main', 'docs/human-3.md')).toBe('note 3\n');
  }, 180_000); // three CLI processes on a shared two-core machine: generous, speed is not what is tested
});
