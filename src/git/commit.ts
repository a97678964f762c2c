import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PathEscapeError, resolveInside } from '../files/atomic-write.js';
import type { GitRunner } from './runner.js';
import { GitError, type Author, type CommitIdentity, type PendingCommit } from './types.js';

/**
 * Stages and commits the pending files on the current HEAD; null when they hold no change against
 * it. On failure the checkout is reset to `before`, so nothing half-made leaks into the next attempt.
 */
export async function commitPending(
  git: GitRunner,
  dir: string,
  identity: CommitIdentity,
  pending: PendingCommit,
  before: string,
): Promise<string | null> {
  try {
    const paths = pending.files.map((file) => repoPath(dir, file));
    if (paths.length === 0) return null;
    await stage(git, paths);
    const staged = await git.local(['diff', '--cached', '--name-only', '-z']);
    if (staged.length === 0) return null;
    // A file, not -m: the message arrives byte for byte, newlines and all, whatever its length.
    const messageFile = path.join(dir, '.git', 'IMAGEBUMP_COMMIT_MSG');
    await writeFile(messageFile, pending.message, 'utf8');
    await git.local([...commitConfig(identity), 'commit', '--no-verify', '--cleanup=whitespace', ...authorArgs(identity), `--file=${messageFile}`]);
    return await headOf(git);
  } catch (err) {
    await resetHard(git, before);
    throw err;
  }
}

/** Paths handed to one `git update-index`: well inside any argument-length limit. */
const STAGE_BATCH = 1_000;

/**
 * Stages exactly these files. update-index takes paths, not pathspecs: a file named `*.yaml` or
 * `:(top)x` is that file, and each path is one index lookup (`git add` with 17,000 pathspecs matched
 * each against every index entry: 18 s against 0.1). --verbose only because simple-git waits 50 ms
 * longer for commands that print nothing.
 */
async function stage(git: GitRunner, paths: readonly string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += STAGE_BATCH) {
    await git.local(['update-index', '--add', '--verbose', '--', ...paths.slice(i, i + STAGE_BATCH)]);
  }
}

/**
 * The committer comes from user.name/user.email and signing from git's own settings
 * (commit.gpgsign, gpg.format, user.signingkey), all given as `-c` so the checkout's config and the
 * host's cannot change them.
 */
function commitConfig({ author, committer = author, signing }: CommitIdentity): string[] {
  const args = ['-c', `user.name=${committer.name}`, '-c', `user.email=${committer.email}`];
  if (!signing) return [...args, '-c', 'commit.gpgsign=false'];
  return [...args, '-c', 'commit.gpgsign=true', '-c', `gpg.format=${signing.format}`, '-c', `user.signingkey=${signing.key}`];
}

function authorArgs({ author }: CommitIdentity): string[] {
  return [`--author=${author.name} <${author.email}>`];
}

export async function resetHard(git: GitRunner, commit: string): Promise<void> {
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

export function assertIdentity({ author, committer }: CommitIdentity): void {
  assertPerson(author, 'author');
  if (committer) assertPerson(committer, 'committer');
}

function assertPerson({ name, email }: Author, role: string): void {
  // git would reject or mangle these in "Name <email>"; refuse them up front with a clear message.
  const bad = /[<>\n\r\0]/;
  if (!name.trim() || !email.trim() || bad.test(name) || bad.test(email)) {
    throw new GitError('local', `invalid commit ${role} ${JSON.stringify(`${name} <${email}>`)}`);
  }
}
