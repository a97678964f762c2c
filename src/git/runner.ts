import { simpleGit, type SimpleGit } from 'simple-git';
import { redactDebugOutput } from '../log/debug-output.js';
import { scrub, type RemoteAuth } from './auth.js';
import { toGitError } from './errors.js';
import { GitError } from './types.js';

/** Runs git in one directory; every failure comes back as a scrubbed, classified GitError. */
export interface GitRunner {
  readonly secrets: readonly string[];
  /** A command that stays on this machine: it never sees the credentials. */
  local(args: string[]): Promise<string>;
  /** A command that talks to the remote (clone, fetch, push). */
  remote(args: string[]): Promise<string>;
}

// Operator-set variables a deployment legitimately needs (custom CA, deploy keys over ssh).
// Every other GIT_* variable is dropped so the ambient shell cannot redirect or trace our git.
const PASS_THROUGH = new Set([
  'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH', 'GIT_SSL_NO_VERIFY', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSH_VARIANT',
]);
const GUARDED_PLAIN = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);
// Local commands (a signing program waiting for a passphrase, say) are killed after this long without output.
const BLOCK_TIMEOUT_MS = 120_000;
/** The default deadline of a command that talks to the remote (`repo.timeoutSeconds`). */
export const DEFAULT_REMOTE_TIMEOUT_SECONDS = 120;

export interface RunnerOptions {
  /** The remote's URL (credentials already split off): named when a command runs out of time. */
  remote?: string;
  /** Deadline of each command that talks to the remote, in seconds; default 120. */
  timeoutSeconds?: number;
}

export function createRunner(cwd: string, auth: RemoteAuth, opts: RunnerOptions = {}): GitRunner {
  redactDebugOutput();
  const local = instance(cwd, { GIT_TERMINAL_PROMPT: '0' });
  const timeoutSeconds = opts.timeoutSeconds ?? DEFAULT_REMOTE_TIMEOUT_SECONDS;
  // Failures of commands that talk to the remote name it: curl's messages often do not.
  const where = opts.remote === undefined ? 'the remote' : scrub(remoteHost(opts.remote), auth.secrets);
  const run = async (git: SimpleGit, args: string[], deadline?: AbortSignal): Promise<string> => {
    try {
      return await git.raw(args);
    } catch (err) {
      const action = `git ${subcommand(args)}`;
      if (deadline?.aborted) throw new GitError('transient', `${action} (${where}): timed out after ${timeoutSeconds} s (repo.timeoutSeconds)`);
      throw toGitError(err, deadline && opts.remote !== undefined ? `${action} (${where})` : action, auth.secrets);
    }
  };
  return {
    secrets: auth.secrets,
    local: (args) => run(local, args),
    // A deadline on the whole command, not only on silence: a server that trickles bytes or stalls
    // mid-pack keeps git alive but must not hold the cycle. Each command gets its own signal.
    remote: (args) => {
      const deadline = AbortSignal.timeout(timeoutSeconds * 1000);
      return run(instance(cwd, auth.env, { abort: deadline, lowSpeedSeconds: timeoutSeconds }), args, deadline);
    },
  };
}

/** `host:port` of a URL, else the remote as written (a path, `git@host:repo`). */
function remoteHost(remote: string): string {
  try {
    const url = new URL(remote);
    return url.host || remote;
  } catch {
    return remote;
  }
}

interface RemoteLimits {
  abort: AbortSignal;
  /** curl gives up on a transfer slower than 1 KB/s for this long. */
  lowSpeedSeconds: number;
}

function instance(cwd: string, extra: Record<string, string>, remote?: RemoteLimits): SimpleGit {
  const env = { ...ambientEnv(), ...extra, LC_ALL: 'C', LANGUAGE: '' };
  const guarded = Object.keys(env).filter(isGuarded);
  const hasSsh = 'GIT_SSH' in env || 'GIT_SSH_COMMAND' in env;
  return simpleGit({
    baseDir: cwd,
    maxConcurrentProcesses: 1,
    trimmed: false,
    // Hooks from the environment repo or the host must never run with our credentials in scope.
    // gc.auto=0: after a commit of thousands of files git would start `gc --auto`, a repack of the whole
    // repository: minutes at 20,000 files, in the background racing the removal of the checkout, or in
    // the cycle's way. Scratch clones never need it; a daemon's kept clone runs it between cycles.
    config: ['core.hooksPath=/dev/null', 'gc.auto=0', ...(remote ? lowSpeed(remote.lowSpeedSeconds) : [])],
    timeout: { block: BLOCK_TIMEOUT_MS },
    ...(remote ? { abort: remote.abort } : {}),
    // simple-git only fails a command that also wrote to stderr; a non-zero exit is a failure here.
    errors: (error, result) =>
      error ?? (result.exitCode === 0 ? undefined : Buffer.concat([...result.stdOut, ...result.stdErr])),
    allowEnvironment: guarded,
    unsafe: {
      allowUnsafeHooksPath: true,
      allowUnsafeConfigEnvCount: true,
      allowUnsafeAskPass: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeSshCommand: hasSsh,
    },
  }).env(env);
}

/**
 * Killing git at the deadline does not end its HTTP helper (git-remote-http outlives a SIGINT or
 * SIGKILL of its parent, waiting on the server). curl's own low-speed limit makes the helper give up on
 * a stalled or trickling transfer by itself, so nothing is left behind for longer than the deadline.
 */
function lowSpeed(seconds: number): string[] {
  return ['http.lowSpeedLimit=1000', `http.lowSpeedTime=${Math.max(1, Math.ceil(seconds))}`];
}

/** The subcommand's name, skipping global options such as `-c key=value`. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-c') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}

function ambientEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (isGuarded(key) && !PASS_THROUGH.has(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Mirrors simple-git's environment guard, which rejects guarded keys it was not told to allow. */
function isGuarded(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith('git_') || GUARDED_PLAIN.has(lower);
}
