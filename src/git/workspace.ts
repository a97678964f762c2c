import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { remoteAuth, splitUrlCredentials } from './auth.js';
import { publishBranch } from './branch.js';
import { headOf, publish, type PublishTarget } from './publish.js';
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
  const runnerOptions = { remote: url, timeoutSeconds: opts.timeoutSeconds };
  const outside = createRunner(path.dirname(dir), credentials, runnerOptions);
  const pushBranch = opts.pushBranch ?? opts.branch;
  await assertBranchName(outside, opts.branch);
  if (pushBranch !== opts.branch) await assertBranchName(outside, pushBranch);

  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  await outside.remote([
    'clone', '--quiet', '--single-branch', '--no-tags', `--branch=${opts.branch}`, ...depthArgs, '--', url, dir,
  ]);
  return openWorkspace(createRunner(dir, credentials, runnerOptions), dir, opts.branch, depth, pushBranch);
}

/**
 * For a daemon: reuses the clone at opts.dir when it is a checkout of the same remote, moving it to the
 * branch's current head with a fetch instead of a new clone. A missing, foreign or damaged checkout is
 * removed and cloned afresh; a remote that fails (auth, network) fails here as it would in a clone.
 */
export async function refreshWorkspace(opts: CloneOptions): Promise<Workspace> {
  const dir = path.resolve(opts.dir);
  const reused = await refreshClone({ ...opts, dir }).catch((err: unknown) => {
    if (err instanceof GitError && err.kind !== 'local') throw err;
    return undefined;
  });
  if (reused) return reused;
  await rm(dir, { recursive: true, force: true });
  return cloneWorkspace({ ...opts, dir });
}

async function refreshClone(opts: CloneOptions): Promise<Workspace | undefined> {
  if (!existsSync(path.join(opts.dir, '.git'))) return undefined;
  const depth = opts.depth ?? DEFAULT_DEPTH;
  const { url, auth } = splitUrlCredentials(opts.url, opts.auth);
  const git = createRunner(opts.dir, remoteAuth(url, auth), { remote: url, timeoutSeconds: opts.timeoutSeconds });
  await assertBranchName(git, opts.branch);
  if ((await git.local(['config', '--get', 'remote.origin.url'])).trim() !== url) return undefined;
  const depthArgs = depth > 0 ? [`--depth=${depth}`] : [];
  // Not --quiet: simple-git waits longer for a command that prints nothing.
  await git.remote(['fetch', '--no-tags', ...depthArgs, 'origin', `refs/heads/${opts.branch}`]);
  // Whatever an abandoned cycle left behind (a commit never pushed, stray files) goes here.
  await git.local(['checkout', '--force', '-B', opts.branch, 'FETCH_HEAD']);
  const status = await git.local(['status', '--porcelain', '--ignored', '--branch']);
  if (status.trim().split('\n').length > 1) await git.local(['clean', '-ffdx']);
  // Commands run with gc.auto=0 (see runner.ts): a clone kept from cycle to cycle is tidied here, by
  // git's own default thresholds, before the cycle's work rather than in the middle of it.
  await git.local(['-c', 'gc.auto=6700', '-c', 'gc.autoDetach=false', 'gc', '--auto', '--quiet']);
  return openWorkspace(git, opts.dir, opts.branch, depth, opts.pushBranch);
}

function openWorkspace(git: GitRunner, dir: string, branch: string, depth: number, pushBranch = branch): Workspace {
  const target: PublishTarget = { git, dir, branch, pushBranch, depth };
  return {
    dir,
    branch,
    head: () => headOf(git),
    publish: (opts) => publish(target, opts),
    publishBranch: async (opts) => {
      await assertBranchName(git, opts.branch);
      return publishBranch(target, opts);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The branch lands in a refspec (`HEAD:refs/heads/<branch>`), so it must be a plain branch name:
 * git's own rules, no option look-alikes, and no `@{-1}` shorthands that git would expand.
 */
async function assertBranchName(git: GitRunner, branch: string): Promise<void> {
  if (validBranches.has(branch)) return;
  const invalid = new GitError('local', `invalid branch name ${JSON.stringify(branch)}`);
  if (branch === '' || branch.startsWith('-') || branch.includes('@{') || branch === 'HEAD') throw invalid;
  let normalised: string;
  try {
    normalised = (await git.local(['check-ref-format', '--branch', branch])).trim();
  } catch {
    throw invalid;
  }
  if (normalised !== branch) throw invalid;
  validBranches.add(branch);
}

// git's verdict on a name never changes: a daemon asks once, not every cycle (a few names per process).
const validBranches = new Set<string>();
