import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { cloneWorkspace, GitError, type PendingCommit } from '../../../src/git/index.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';

const AUTHOR = { name: 'Image Bump', email: 'bot@imagebump.test' };
let tmp: string;
let remote: BareRemote;
let n = 0;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'imagebump-pushbranch-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await remote.cleanup();
});

const open = (opts: { pushBranch?: string } = {}) =>
  cloneWorkspace({ url: remote.url, branch: 'main', dir: path.join(tmp, `ws-${++n}`), ...opts });

function set(file: string, text: string) {
  return async (dir: string): Promise<PendingCommit | null> => {
    const target = path.join(dir, file);
    if ((await readFile(target, 'utf8').catch(() => '')) === text) return null;
    await writeFile(target, text);
    return { files: [file], message: `set ${file}` };
  };
}

describe('commit mode with a push branch', () => {
  it('creates the push branch from main, then stacks commits on it; main is untouched', async () => {
    remote = await createBareRemote({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    const [main] = await remote.log('main');
    const first = await open({ pushBranch: 'imagebump/main' });
    expect(await first.publish({ author: AUTHOR, apply: set('a.yaml', 'a: 2\n') })).toMatchObject({ pushed: true });
    await first.dispose();
    const second = await open({ pushBranch: 'imagebump/main' });
    expect(await second.publish({ author: AUTHOR, apply: set('b.yaml', 'b: 2\n') })).toMatchObject({ pushed: true });
    await second.dispose();
    expect((await remote.log('imagebump/main')).map((c) => c.subject)).toEqual(['set b.yaml', 'set a.yaml', 'Initial commit']);
    expect(await remote.readFile('imagebump/main', 'a.yaml')).toBe('a: 2\n');
    expect(await remote.log('main')).toEqual([main]);
  });
});

describe('pull request branches', () => {
  it('hold one commit on the target, rewritten with a lease; the checkout branch itself is refused', async () => {
    remote = await createBareRemote({ 'a.yaml': 'a: 1\n' });
    const ws = await open();
    expect(await ws.publishBranch({ author: AUTHOR, branch: 'imagebump/main/all', apply: set('a.yaml', 'a: 2\n') })).toMatchObject({ outcome: 'pushed' });
    expect(await ws.publishBranch({ author: AUTHOR, branch: 'imagebump/main/all', apply: set('a.yaml', 'a: 2\n') })).toMatchObject({ outcome: 'up-to-date' });
    expect(await ws.publishBranch({ author: AUTHOR, branch: 'imagebump/main/all', apply: set('a.yaml', 'a: 3\n') })).toMatchObject({ outcome: 'pushed' });
    const log = await remote.log('imagebump/main/all');
    expect(log.map((c) => c.subject)).toEqual(['set a.yaml', 'Initial commit']);
    expect(await remote.readFile('imagebump/main/all', 'a.yaml')).toBe('a: 3\n');
    expect(await git(['status', '--porcelain'], ws.dir)).toBe('');
    expect(await ws.head()).toBe((await remote.log('main'))[0]!.sha);
    const err = await ws.publishBranch({ author: AUTHOR, branch: 'main', apply: set('a.yaml', 'a: 4\n') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    await ws.dispose();
  });

  it('redoes the push when another writer rewrote the branch after we looked, never overwriting it blindly', async () => {
    remote = await createBareRemote({ 'a.yaml': 'a: 1\n' });
    const ws = await open();
    await ws.publishBranch({ author: AUTHOR, branch: 'imagebump/main/all', apply: set('a.yaml', 'a: 2\n') });
    let calls = 0;
    const result = await ws.publishBranch({
      author: AUTHOR,
      branch: 'imagebump/main/all',
      apply: async (dir) => {
        // A replica (same identity, older data) rewrites the branch between our look and our push.
        if (++calls === 1) {
          const other = await open();
          await other.publishBranch({ author: AUTHOR, branch: 'imagebump/main/all', apply: set('a.yaml', 'a: 4\n') });
          await other.dispose();
        }
        return set('a.yaml', 'a: 5\n')(dir);
      },
    });
    // The lease refused the first push; the second looked again (at a: 4) and replaced it knowingly.
    expect(calls).toBe(2);
    expect(result).toMatchObject({ outcome: 'pushed', attempts: 2 });
    expect(await remote.readFile('imagebump/main/all', 'a.yaml')).toBe('a: 5\n');
    await ws.dispose();
  });
});
