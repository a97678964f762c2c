import { assertIdentity, commitPending, headOf, resetHard } from './commit.js';
import { isRemoteMoved } from './errors.js';
import { applyOrReset, catchUp, checkedAttempts, remoteHead, type PublishTarget } from './publish.js';
import type { GitRunner } from './runner.js';
import { GitError, type BranchPublishOptions, type BranchPublishResult } from './types.js';

/**
 * Rewrites a pull request branch as one commit on top of the target's current head. The push is
 * forced (the branch is rebased by construction) but only with a lease on the commit we saw, so a
 * concurrent writer's push is never overwritten; then we look again. A branch whose head is not our
 * committer's is someone else's work and is left alone. Ends with the checkout on the target's head.
 */
export async function publishBranch(target: PublishTarget, opts: BranchPublishOptions): Promise<BranchPublishResult> {
  const maxAttempts = checkedAttempts(opts.maxAttempts);
  assertIdentity(opts);
  if (opts.branch === target.branch) throw new GitError('local', `refusing to force-push the checkout branch ${opts.branch}`);
  const committer = opts.committer ?? opts.author;
  // Pull requests are based on the checkout branch, even when commits go to a separate push branch.
  const onTarget: PublishTarget = { ...target, pushBranch: target.branch };
  if (target.pushBranch !== target.branch) await catchUp(onTarget);
  for (let attempt = 1; ; attempt++) {
    const base = await headOf(target.git);
    const seen = await remoteHead(target.git, opts.branch);
    const existing = seen ? await readRemoteCommit(target, opts.branch, seen) : undefined;
    if (existing && existing.committerEmail !== committer.email) return { outcome: 'foreign', commit: seen, attempts: attempt };
    const pending = await applyOrReset(target, opts.apply, base);
    const commit = pending && (await commitPending(target.git, target.dir, opts, pending, base));
    if (!commit) return { outcome: 'unchanged', commit: seen, attempts: attempt };
    let upToDate = false;
    try {
      upToDate = existing !== undefined && (await treeOf(target.git, commit)) === existing.tree;
      if (!upToDate) {
        const lease = `--force-with-lease=refs/heads/${opts.branch}:${seen ?? ''}`;
        await target.git.remote(['push', '--no-verify', lease, 'origin', `HEAD:refs/heads/${opts.branch}`]);
      }
    } catch (err) {
      await resetHard(target.git, base);
      if (!(err instanceof GitError) || !isRemoteMoved(err.message)) throw err;
      if (attempt >= maxAttempts) throw new GitError('rejected', `push to ${opts.branch} rejected ${attempt} times; last: ${err.message}`);
      await catchUp(onTarget);
      continue;
    }
    await resetHard(target.git, base);
    return upToDate ? { outcome: 'up-to-date', commit: seen, attempts: attempt } : { outcome: 'pushed', commit, attempts: attempt };
  }
}

interface RemoteCommit {
  tree: string;
  committerEmail: string;
}

/** Fetches the branch's head (one commit deep is enough) and reads its tree and committer. */
async function readRemoteCommit(target: PublishTarget, branch: string, sha: string): Promise<RemoteCommit> {
  await target.git.remote(['fetch', '--no-tags', '--depth=1', 'origin', `refs/heads/${branch}`]);
  // cat-file shows the raw object: a shallow boundary hides parents from log, not from this.
  const raw = await target.git.local(['cat-file', 'commit', sha]);
  const header = raw.slice(0, raw.indexOf('\n\n'));
  const tree = /^tree ([0-9a-f]+)$/m.exec(header)?.[1] ?? '';
  const committerEmail = /^committer [^<]*<([^>]*)>/m.exec(header)?.[1] ?? '';
  return { tree, committerEmail };
}

async function treeOf(git: GitRunner, commit: string): Promise<string> {
  return (await git.local(['rev-parse', `${commit}^{tree}`])).trim();
}
