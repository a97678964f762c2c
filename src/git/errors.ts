import { GitError, type GitErrorKind } from './types.js';
import { scrub } from './auth.js';

// Ordered: a message can match several (an auth failure over HTTP also says "unable to access"),
// and the first kind that matches is the one that tells the caller what to do next.
const PATTERNS: ReadonlyArray<readonly [GitErrorKind, RegExp]> = [
  ['auth', /authentication failed|could not read (username|password)|terminal prompts disabled|returned error: 40[13]\b|permission denied \(publickey|host key verification failed|invalid username or password|access denied|\b403 forbidden/i],
  ['not-found', /repository '[^']*' (not found|does not exist)|does not appear to be a git repository|remote branch .* not found|couldn't find remote ref|returned error: 404\b|no such repository/i],
  ['rejected', /\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|stale info|updates were rejected|protected branch|pre-receive hook declined/i],
  ['transient', /could not resolve (host|proxy)|failed to connect|couldn't connect to server|connection (refused|reset|timed out)|operation timed out|timed out|early eof|remote end hung up|rpc failed|returned error: 5\d\d\b|temporary failure|network is unreachable|gnutls|ssl_read|unexpected disconnect|index-pack failed|block timeout reached|unable to access|empty reply from server|transfer closed|expected flush after|bytes of body are still expected|curl \d+ |operation too slow/i],
];

/**
 * Rejections that mean "the branch moved under us": fetch, re-apply and push again. The last two are
 * the server's words when another push landed between git reading the refs and sending its own
 * (two writers racing): the ref is no longer at the value our push expected.
 */
const REMOTE_MOVED =
  /\[rejected\][^\n]*\((fetch first|non-fast-forward|stale info)\)|updates were rejected because the (remote contains work|tip of your current branch is behind)|cannot lock ref '[^']*': is at [0-9a-f]+ but expected [0-9a-f]+|incorrect old value provided/i;

export function classifyGitMessage(message: string): GitErrorKind {
  for (const [kind, pattern] of PATTERNS) {
    if (pattern.test(message)) return kind;
  }
  return 'local';
}

export function isRemoteMoved(message: string): boolean {
  return REMOTE_MOVED.test(message);
}

/**
 * The single place a failure from git becomes a GitError: classified, prefixed with what we were
 * doing, and scrubbed of every secret, since the message may end up in logs and issue trackers.
 */
export function toGitError(err: unknown, action: string, secrets: readonly string[]): GitError {
  if (err instanceof GitError) {
    return new GitError(err.kind, scrub(err.message, secrets));
  }
  const raw = err instanceof Error ? err.message : String(err);
  const detail = raw.trim() || 'git failed without a message';
  return new GitError(classifyGitMessage(detail), scrub(`${action}: ${detail}`, secrets));
}

/** Raw output of a failed command, for decisions taken before the error is wrapped. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
