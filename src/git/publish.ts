import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PathEscapeError, resolveInside } from '../files/atomic-write.js';
import { isRemoteMoved } from './errors.js';
import type { GitRunner } from './runner.js';
import { GitError, type Author, type PendingCommit, type PublishOptions, type PublishResult } from './types.js';

/** The checkout publish works on. */
export interface PublishTarget {
  git: GitRunner;
  dir: string;
  branch: string;
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
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new GitError('local', `maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  assertAuthor(opts.author);
  for (let attempt = 1; ; attempt++) {
    const before = await headOf(target.git);
    const pending = await applyOrReset(target, opts, before);
    const commit = pending && (await commitPending(target, opts.author, pending, before));
    if (!commit) return { pushed: false, attempts: attempt };
    try {
      await target.git.remote(['push', '--no-verify', 'origin', `HEAD:refs/heads/${target.branch}`]);
      return { pushed: true, commit, attempts: attempt };
    } catch (err) {
      await resetHard(target.git, before);
      if (!(err instanceof GitError) || !isRemoteMoved(err.message)) throw err;
      if (attempt >= maxAttempts) {
        throw new GitError('rejected', `push to ${target.branch} rejected ${attempt} times; last: ${err.message}`);
      }
      await catchUp(target);
    }
  }
}

/** Stages and commits the pending files; null when they hold no change against HEAD. */
async function commitPending(
  target: PublishTarget,
  author: Author,
  pending: PendingCommit,
  before: string,
): Promise<string | null> {
  const { git, dir } = target;
  try {
    const paths = pending.files.map((file) => repoPath(dir, file));
    if (paths.length === 0) return null;
    // Literal pathspecs: a file named `*.yaml` or `:(top)x` means that file, not a pattern.
    // --verbose only because simple-git waits 50 ms longer for commands that print nothing.
    await git.local(['--literal-pathspecs', 'add', '--all', '--verbose', '--', ...paths]);
    const staged = await git.local(['diff', '--cached', '--name-only', '-z']);
    if (staged.length === 0) return null;
    // A file, not -m: the message arrives byte for byte, newlines and all, whatever its length.
    const messageFile = path.join(dir, '.git', 'IMAGEBUMP_COMMIT_MSG');
    await writeFile(messageFile, pending.message, 'utf8');
    await git.local([
      '-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`,
      'commit', '--no-verify', '--no-gpg-sign', '--cleanup=whitespace',
      `--author=${author.name} <${author.email}>`, `--file=${messageFile}`,
    ]);
    return await headOf(git);
  } catch (err) {
    await resetHard(git, before);
    throw err;
  }
}

async function applyOrReset(target: PublishTarget, opts: PublishOptions, before: string): Promise<PendingCommit | null> {
  try {
    return await opts.apply(target.dir);
  } catch (err) {
    // A half-written change must not leak into whatever runs in this checkout next.
    await resetHard(target.git, before);
    throw err;
  }
}

/** Moves the checkout to the remote's current head, dropping anything of ours. */
async function catchUp({ git, branch, depth }: PublishTarget): Promise<void> {
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  await git.remote(['fetch', '--no-tags', ...depthArgs, 'origin', `refs/heads/${branch}`]);
  await resetHard(git, 'FETCH_HEAD');
}

async function resetHard(git: GitRunner, commit: string): Promise<void> {
  await git.local(['reset', '--hard', commit]);
  // Files apply() created but we never committed would otherwise leak into the next attempt.
  await git.local(['clean', '-fd', '--quiet']);
}

export async function headOf(git: GitRunner): Promise<string> {
  return (await git.local(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
}

function repoPath(dir: string, file: string): string {
  try {
    return path.relative(realpathSync(dir), resolveInside(dir, file));
  } catch (err) {
    if (err instanceof PathEscapeError) throw new GitError('local', err.message);
    throw err;
  }
}

function assertAuthor({ name, email }: Author): void {
  // git would reject or mangle these in "Name <email>"; refuse them up front with a clear message.
  const bad = /[<>\n\r\0]/;
  if (!name.trim() || !email.trim() || bad.test(name) || bad.test(email)) {
    throw new GitError('local', `invalid commit author ${JSON.stringify(`${name} <${email}>`)}`);
  }
}
