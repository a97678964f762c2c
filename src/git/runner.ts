import { simpleGit, type SimpleGit } from 'simple-git';
import type { RemoteAuth } from './auth.js';
import { toGitError } from './errors.js';

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
// Hung network commands are killed after this long without output.
const BLOCK_TIMEOUT_MS = 120_000;

export function createRunner(cwd: string, auth: RemoteAuth): GitRunner {
  const local = instance(cwd, { GIT_TERMINAL_PROMPT: '0' });
  const remote = instance(cwd, auth.env);
  const run = async (git: SimpleGit, args: string[]): Promise<string> => {
    try {
      return await git.raw(args);
    } catch (err) {
      throw toGitError(err, `git ${subcommand(args)}`, auth.secrets);
    }
  };
  return {
    secrets: auth.secrets,
    local: (args) => run(local, args),
    remote: (args) => run(remote, args),
  };
}

function instance(cwd: string, extra: Record<string, string>): SimpleGit {
  const env = { ...ambientEnv(), ...extra, LC_ALL: 'C', LANGUAGE: '' };
  const guarded = Object.keys(env).filter(isGuarded);
  const hasSsh = 'GIT_SSH' in env || 'GIT_SSH_COMMAND' in env;
  return simpleGit({
    baseDir: cwd,
    maxConcurrentProcesses: 1,
    trimmed: false,
    // Hooks from the environment repo or the host must never run with our credentials in scope.
    config: ['core.hooksPath=/dev/null'],
    timeout: { block: BLOCK_TIMEOUT_MS },
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
