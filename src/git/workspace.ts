import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { remoteAuth, splitUrlCredentials } from './auth.js';
import { headOf, publish } from './publish.js';
import { createRunner, type GitRunner } from './runner.js';
import { GitError, type CloneOptions, type Workspace } from './types.js';

const DEFAULT_DEPTH = 1;

/**
 * Clones one branch of the remote into opts.dir (shallow unless depth is 0) and returns the port the
 * rest of the program publishes through. Credentials stay in memory: they reach git only through the
 * environment of the commands that talk to the remote.
 */
export async function cloneWorkspace(opts: CloneOptions): Promise<Workspace> {
  const dir = path.resolve(opts.dir);
  const depth = opts.depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 0) {
    throw new GitError('local', `depth must be a non-negative integer, got ${depth}`);
  }
  const { url, auth } = splitUrlCredentials(opts.url, opts.auth);
  const credentials = remoteAuth(url, auth);
  await mkdir(path.dirname(dir), { recursive: true });
  const outside = createRunner(path.dirname(dir), credentials);
  await assertBranchName(outside, opts.branch);

  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  await outside.remote([
    'clone', '--quiet', '--single-branch', '--no-tags', `--branch=${opts.branch}`, ...depthArgs, '--', url, dir,
  ]);
  return openWorkspace(createRunner(dir, credentials), dir, opts.branch, depth);
}

function openWorkspace(git: GitRunner, dir: string, branch: string, depth: number): Workspace {
  return {
    dir,
    branch,
    head: () => headOf(git),
    publish: (opts) => publish({ git, dir, branch, depth }, opts),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The branch lands in a refspec (`HEAD:refs/heads/<branch>`), so it must be a plain branch name:
 * git's own rules, no option look-alikes, and no `@{-1}` shorthands that git would expand.
 */
async function assertBranchName(git: GitRunner, branch: string): Promise<void> {
  const invalid = new GitError('local', `invalid branch name ${JSON.stringify(branch)}`);
  if (branch === '' || branch.startsWith('-') || branch.includes('@{') || branch === 'HEAD') throw invalid;
  let normalised: string;
  try {
    normalised = (await git.local(['check-ref-format', '--branch', branch])).trim();
  } catch {
    throw invalid;
  }
  if (normalised !== branch) throw invalid;
}
