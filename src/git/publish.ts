import { assertIdentity, commitPending, headOf, resetHard } from './commit.js';
import { isRemoteMoved } from './errors.js';
import type { GitRunner } from './runner.js';
import { GitError, type PendingCommit, type PublishOptions, type PublishResult } from './types.js';

export { headOf };

/** The checkout publish works on. */
export interface PublishTarget {
  git: GitRunner;
  dir: string;
  /** The branch checked out. */
  branch: string;
  /** Where commits are pushed: `branch`, or a separate push branch (created from `branch` when missing). */
  pushBranch: string;
  /** Fetch depth when catching up with a remote that moved; 0 for full history. */
  depth: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * apply → commit → push, and when the push is rejected because someone else pushed first: drop our
 * commit, move to the remote's new head and start over, so apply() recomputes the change on what is
 * there now. Never force-pushes; on any way out the checkout holds no commit that is not on the remote.
 */
export async function publish(target: PublishTarget, opts: PublishOptions): Promise<PublishResult> {
  const maxAttempts = checkedAttempts(opts.maxAttempts);
  assertIdentity(opts);
  if (target.pushBranch !== target.branch) await catchUp(target);
  for (let attempt = 1; ; attempt++) {
    const before = await headOf(target.git);
    const pending = await applyOrReset(target, opts.apply, before);
    const commit = pending && (await commitPending(target.git, target.dir, opts, pending, before));
    if (!commit) return { pushed: false, attempts: attempt };
    try {
      await target.git.remote(['push', '--no-verify', 'origin', `HEAD:refs/heads/${target.pushBranch}`]);
      return { pushed: true, commit, attempts: attempt };
    } catch (err) {
      await resetHard(target.git, before);
      if (!(err instanceof GitError) || !isRemoteMoved(err.message)) throw err;
      if (attempt >= maxAttempts) {
        throw new GitError('rejected', `push to ${target.pushBranch} rejected ${attempt} times; last: ${err.message}`);
      }
      await catchUp(target);
    }
  }
}

export function checkedAttempts(maxAttempts = DEFAULT_MAX_ATTEMPTS): number {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new GitError('local', `maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  return maxAttempts;
}

export async function applyOrReset(
  target: { git: GitRunner; dir: string },
  apply: (dir: string) => Promise<PendingCommit | null>,
  before: string,
): Promise<PendingCommit | null> {
  try {
    return await apply(target.dir);
  } catch (err) {
    // A half-written change must not leak into whatever runs in this checkout next.
    await resetHard(target.git, before);
    throw err;
  }
}

/**
 * Moves the checkout to the remote's current head of the push branch, dropping anything of ours; a
 * push branch that does not exist yet starts from the checkout branch.
 */
export async function catchUp({ git, branch, pushBranch, depth }: PublishTarget): Promise<void> {
  const from = pushBranch !== branch && (await remoteHead(git, pushBranch)) ? pushBranch : branch;
  await fetchBranch(git, from, depth);
  await resetHard(git, 'FETCH_HEAD');
}

export async function fetchBranch(git: GitRunner, branch: string, depth: number): Promise<void> {
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  await git.remote(['fetch', '--no-tags', ...depthArgs, 'origin', `refs/heads/${branch}`]);
}

/** The remote branch's commit, or undefined when it does not exist. */
export async function remoteHead(git: GitRunner, branch: string): Promise<string | undefined> {
  const out = await git.remote(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
  return line?.split('\t')[0];
}
