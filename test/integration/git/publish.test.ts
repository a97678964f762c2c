import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloneWorkspace, GitError, type PendingCommit, type Workspace } from '../../../src/git/index.js';
import { createBareRemote, git, OUTSIDE_AUTHOR, type BareRemote } from '../../helpers/git-repo.js';

const AUTHOR = { name: 'Image Bump', email: 'bot@imagebump.test' };
const SEED = { 'apps/a.yaml': 'image: app:1.0.0\n', 'apps/b.yaml': 'image: other:2.0.0\n' };

let tmp: string;
let remotes: BareRemote[] = [];
let workspaces: Workspace[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'imagebump-ws-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(workspaces.map((ws) => ws.dispose()));
  workspaces = [];
  await Promise.all(remotes.map((r) => r.cleanup()));
  remotes = [];
});

let dirCount = 0;
const freshDir = (): string => path.join(tmp, `ws-${++dirCount}`);

/** A fresh remote seeded with SEED and our checkout of it. */
async function clone(url: (r: BareRemote) => string = (r) => r.url): Promise<{ ws: Workspace; remote: BareRemote }> {
  const remote = await createBareRemote(SEED);
  remotes.push(remote);
  const ws = await cloneWorkspace({ url: url(remote), branch: 'main', dir: freshDir() });
  workspaces.push(ws);
  return { ws, remote };
}

/** An apply() that sets a.yaml's image tag, computed from the file as it is on the current head. */
function bumpTo(tag: string, message = `Bump app to ${tag}`) {
  return async (dir: string): Promise<PendingCommit | null> => {
    const file = path.join(dir, 'apps/a.yaml');
    const before = await readFile(file, 'utf8');
    const after = before.replace(/app:[^\s]+/, `app:${tag}`);
    if (after === before) return null;
    await writeFile(file, after);
    return { files: ['apps/a.yaml'], message };
  };
}

describe('cloneWorkspace', () => {
  // Read-only tests share one remote.
  let shared: BareRemote;
  beforeAll(async () => {
    shared = await createBareRemote(SEED);
  });
  afterAll(async () => {
    await shared.cleanup();
  });
  const cloneShared = async (url: string, depth?: number): Promise<Workspace> => {
    const ws = await cloneWorkspace({ url, branch: 'main', dir: freshDir(), depth });
    workspaces.push(ws);
    return ws;
  };

  it.each([
    { name: 'path', url: (r: BareRemote) => r.url, depth: undefined, shallow: 'false' },
    { name: 'file:// shallow', url: (r: BareRemote) => r.fileUrl, depth: undefined, shallow: 'true' },
    { name: 'file:// full', url: (r: BareRemote) => r.fileUrl, depth: 0, shallow: 'false' },
  ])('clones the branch from a $name remote', async ({ url, depth, shallow }) => {
    const ws = await cloneShared(url(shared), depth);
    const [remoteHead] = await shared.log('main');
    expect(await ws.head()).toBe(remoteHead?.sha);
    expect(await readFile(path.join(ws.dir, 'apps/a.yaml'), 'utf8')).toBe(SEED['apps/a.yaml']);
    expect((await git(['rev-parse', '--is-shallow-repository'], ws.dir)).trim()).toBe(shallow);
    expect((await git(['symbolic-ref', '--short', 'HEAD'], ws.dir)).trim()).toBe('main');
  });

  it.each(['', '-x', 'a..b', 'HEAD', '@{-1}', 'a b', 'main.lock', 'x~1'])('refuses branch name %j', async (branch) => {
    const dir = freshDir();
    const err = await cloneWorkspace({ url: shared.url, branch, dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('local');
    await expect(stat(dir)).rejects.toThrow();
  });

  it.each([
    { what: 'a missing branch', url: (r: BareRemote) => r.url, branch: 'nope' },
    { what: 'a missing repo', url: (r: BareRemote) => `${r.url}-missing`, branch: 'main' },
    { what: 'a missing file:// repo', url: (r: BareRemote) => `${r.fileUrl}-missing`, branch: 'main' },
  ])('classifies $what as not-found', async ({ url, branch }) => {
    const err = await cloneWorkspace({ url: url(shared), branch, dir: freshDir() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('not-found');
  });

  it('dispose removes the checkout', async () => {
    const ws = await cloneShared(shared.url);
    await ws.dispose();
    await expect(stat(ws.dir)).rejects.toThrow();
  });
});

describe('publish', () => {
  it('pushes exactly one commit with our author, committer, message and files', async () => {
    const { ws, remote } = await clone((r) => r.fileUrl);
    const message = 'Bump app to 1.1.0\n\n- apps/a.yaml: app:1.0.0 -> app:1.1.0\n# kept, not a comment\n';
    const result = await ws.publish({ author: AUTHOR, apply: bumpTo('1.1.0', message) });

    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    const [ours] = log;
    expect(result).toEqual({ pushed: true, commit: ours?.sha, attempts: 1 });
    expect(ours).toMatchObject({
      subject: 'Bump app to 1.1.0',
      authorName: AUTHOR.name, authorEmail: AUTHOR.email,
      committerName: AUTHOR.name, committerEmail: AUTHOR.email,
    });
    expect(ours?.message).toBe(message);
    expect(await remote.readFile('main', 'apps/a.yaml')).toBe('image: app:1.1.0\n');
    expect(await remote.readFile('main', 'apps/b.yaml')).toBe(SEED['apps/b.yaml']);
    expect(await ws.head()).toBe(ours?.sha);
  });

  it('commits exactly the files named, by name: `*.yaml` and `-x.yaml` are files, not patterns or options', async () => {
    const remote = await createBareRemote({ ...SEED, 'apps/*.yaml': 'image: star:1\n', 'apps/-x.yaml': 'image: dash:1\n' });
    remotes.push(remote);
    const ws = await cloneWorkspace({ url: remote.url, branch: 'main', dir: freshDir() });
    workspaces.push(ws);
    const named = ['apps/*.yaml', 'apps/-x.yaml'];
    const result = await ws.publish({
      author: AUTHOR,
      apply: async (dir) => {
        // b.yaml changes too, but is not named: it must not be committed.
        for (const file of [...named, 'apps/b.yaml']) await writeFile(path.join(dir, file), 'image: bumped:2\n');
        return { files: named, message: 'Bump' };
      },
    });
    expect(result.pushed).toBe(true);
    const changed = await git(['diff', '--name-only', 'main~1', 'main'], remote.dir);
    expect(changed.trim().split('\n').sort()).toEqual(['apps/*.yaml', 'apps/-x.yaml']);
    expect(await remote.readFile('main', 'apps/a.yaml')).toBe(SEED['apps/a.yaml']);
    expect(await remote.readFile('main', 'apps/b.yaml')).toBe(SEED['apps/b.yaml']);
  });

  it.each([
    { what: 'apply() returns null', apply: async () => null },
    { what: 'the named files are unchanged', apply: async () => ({ files: ['apps/a.yaml'], message: 'noop' }) },
    { what: 'no files are named', apply: async () => ({ files: [], message: 'noop' }) },
  ])('makes no commit and no push when $what', async ({ apply }) => {
    const { ws, remote } = await clone();
    const before = await remote.log('main');
    const headBefore = await ws.head();
    expect(await ws.publish({ author: AUTHOR, apply })).toEqual({ pushed: false, attempts: 1 });
    expect(await remote.log('main')).toEqual(before);
    expect(await ws.head()).toBe(headBefore);
  });

  it('re-applies on the new head when a third writer pushed first, losing nothing', async () => {
    const { ws, remote } = await clone();
    const heads: string[] = [];
    let calls = 0;
    const result = await ws.publish({
      author: AUTHOR,
      apply: async (dir) => {
        calls++;
        heads.push(await ws.head());
        if (calls === 1) await remote.commitFromOutside({ 'apps/b.yaml': 'image: other:2.1.0\n' }, 'Outside change');
        return bumpTo('1.2.0')(dir);
      },
    });

    expect(calls).toBe(2);
    expect(result).toMatchObject({ pushed: true, attempts: 2 });
    const log = await remote.log('main');
    expect(log.map((c) => [c.subject, c.authorName])).toEqual([
      ['Bump app to 1.2.0', AUTHOR.name],
      ['Outside change', OUTSIDE_AUTHOR.name],
      ['Initial commit', 'Seeder'],
    ]);
    expect(heads[1]).toBe(log[1]?.sha);
    expect(await remote.readFile('main', 'apps/a.yaml')).toBe('image: app:1.2.0\n');
    expect(await remote.readFile('main', 'apps/b.yaml')).toBe('image: other:2.1.0\n');
  });

  it('returns pushed:false when the third writer already made our change', async () => {
    const { ws, remote } = await clone();
    let calls = 0;
    const result = await ws.publish({
      author: AUTHOR,
      apply: async (dir) => {
        if (++calls === 1) await remote.commitFromOutside({ 'apps/a.yaml': 'image: app:1.3.0\n' }, 'Same change');
        return bumpTo('1.3.0')(dir);
      },
    });
    expect(result).toEqual({ pushed: false, attempts: 2 });
    expect((await remote.log('main')).map((c) => c.subject)).toEqual(['Same change', 'Initial commit']);
  });

  it('gives up with GitError rejected after maxAttempts, leaving no stray commit or file', async () => {
    const { ws, remote } = await clone();
    let calls = 0;
    const err = await ws
      .publish({
        author: AUTHOR,
        maxAttempts: 3,
        apply: async (dir) => {
          calls++;
          await remote.commitFromOutside({ [`outside-${calls}.txt`]: `${calls}\n` }, `Outside ${calls}`);
          await writeFile(path.join(dir, 'untracked-by-apply.txt'), 'x');
          return bumpTo(`9.0.${calls}`)(dir);
        },
      })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('rejected');
    expect(calls).toBe(3);
    const remoteShas = (await remote.log('main')).map((c) => c.sha);
    expect(remoteShas).toContain(await ws.head());
    expect(await git(['status', '--porcelain', '--untracked-files=all'], ws.dir)).toBe('');
    expect((await remote.log('main')).map((c) => c.authorName)).not.toContain(AUTHOR.name);
  });

  it('does not run hooks configured in the checkout', async () => {
    const { ws, remote } = await clone();
    const hooks = path.join(tmp, 'evil-hooks');
    const marker = path.join(tmp, 'hook-ran');
    await mkdir(hooks, { recursive: true });
    for (const hook of ['pre-commit', 'commit-msg', 'post-commit', 'pre-push', 'reference-transaction']) {
      await writeFile(path.join(hooks, hook), `#!/bin/sh\necho ${hook} >> '${marker}'\nexit 1\n`);
      await chmod(path.join(hooks, hook), 0o755);
    }
    await git(['config', 'core.hooksPath', hooks], ws.dir);

    const result = await ws.publish({ author: AUTHOR, apply: bumpTo('1.4.0') });
    expect(result.pushed).toBe(true);
    expect((await remote.log('main'))[0]?.sha).toBe(result.commit);
    await expect(readFile(marker, 'utf8')).rejects.toThrow();
  });

  it.each(['../outside.yaml', '/etc/passwd', '.git/config'])('refuses to commit %j and leaves a clean tree', async (file) => {
    const { ws, remote } = await clone();
    const err = await ws
      .publish({ author: AUTHOR, apply: async (dir) => (await bumpTo('1.4.1')(dir), { files: [file], message: 'escape' }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('local');
    expect(await remote.log('main')).toHaveLength(1);
    expect(await git(['status', '--porcelain'], ws.dir)).toBe('');
  });

  it('resets the tree when apply() throws half-way', async () => {
    const { ws } = await clone();
    const err = await ws
      .publish({
        author: AUTHOR,
        apply: async (dir) => {
          await bumpTo('1.4.2')(dir);
          await writeFile(path.join(dir, 'half.yaml'), 'x');
          throw new Error('boom');
        },
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('boom');
    expect(await git(['status', '--porcelain', '--untracked-files=all'], ws.dir)).toBe('');
  });

  it('rolls back its commit when the push fails for another reason', async () => {
    const { ws, remote } = await clone();
    const headBefore = await ws.head();
    // A remote that refuses every update: the rejection is final, not "the remote moved".
    const hook = path.join(remote.dir, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "branch is protected" >&2\nexit 1\n');
    await chmod(hook, 0o755);

    let calls = 0;
    const err = await ws
      .publish({ author: AUTHOR, apply: async (dir) => (calls++, bumpTo('1.5.0')(dir)) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('rejected');
    expect(calls).toBe(1);
    expect(await ws.head()).toBe(headBefore);
    expect(await git(['status', '--porcelain'], ws.dir)).toBe('');
  });

  it('refuses an author git would mangle', async () => {
    const { ws, remote } = await clone();
    const err = await ws
      .publish({ author: { name: 'Evil <x@y>', email: 'e@x' }, apply: bumpTo('1.6.0') })
      .catch((e: unknown) => e);
    expect((err as GitError).kind).toBe('local');
    expect(await remote.log('main')).toHaveLength(1);
  });
});
