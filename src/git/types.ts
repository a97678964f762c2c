export interface GitAuth {
  username?: string;
  /** A password or token for HTTPS remotes. Never placed in a URL, an argument list or a log line. */
  password?: string;
}

export interface Author {
  name: string;
  email: string;
}

/** How git signs our commits: `gpg.format` and `user.signingkey` as git understands them. */
export interface Signing {
  format: 'ssh' | 'openpgp';
  /** ssh: path of the private key (or `key::` literal for an agent); openpgp: the key id. */
  key: string;
}

/** Who a commit is by and whether it is signed. */
export interface CommitIdentity {
  author: Author;
  /** Defaults to the author. */
  committer?: Author;
  signing?: Signing;
}

export interface CloneOptions {
  url: string;
  branch: string;
  /** Empty or missing directory to clone into. */
  dir: string;
  auth?: GitAuth;
  /** Shallow clone depth; 0 for full history. */
  depth?: number;
  /** Where publish() pushes; default `branch`. Created from `branch` when missing. */
  pushBranch?: string;
  /** Deadline of each command that talks to the remote (clone, fetch, push), in seconds; default 120. */
  timeoutSeconds?: number;
}

/** What one attempt at publishing wants committed: computed afresh on every attempt, on the current head. */
export interface PendingCommit {
  /** Repo-relative paths already written into the working tree. */
  files: string[];
  message: string;
}

export interface PublishOptions extends CommitIdentity {
  /**
   * Writes the cycle's changes into the checkout (on its current head) and says what to commit;
   * null when there is nothing to commit on this head (someone else already made the change).
   * Called again after the remote moved and the checkout was reset to its new head.
   */
  apply: (dir: string) => Promise<PendingCommit | null>;
  /** Attempts in all (first push + retries after a rejected push). */
  maxAttempts?: number;
}

export interface PublishResult {
  pushed: boolean;
  commit?: string;
  attempts: number;
}

export interface BranchPublishOptions extends CommitIdentity {
  /** The branch to (re)write: a pull request branch, never the checkout's own. */
  branch: string;
  /** As for publish(): writes the change into the checkout, on the target's current head. */
  apply: (dir: string) => Promise<PendingCommit | null>;
  maxAttempts?: number;
}

export interface BranchPublishResult {
  /**
   * pushed: the branch now holds our new commit; up-to-date: it already held this change on top of
   * the target (nothing pushed); unchanged: apply() found nothing to change; foreign: the branch
   * holds someone else's commit, so we left it alone.
   */
  outcome: 'pushed' | 'up-to-date' | 'unchanged' | 'foreign';
  /** The branch's head afterwards (absent when the branch does not exist). */
  commit?: string;
  attempts: number;
}

/** The git port: a checkout of one branch that can publish one commit. */
export interface Workspace {
  readonly dir: string;
  readonly branch: string;
  head(): Promise<string>;
  publish(opts: PublishOptions): Promise<PublishResult>;
  /**
   * Commits apply()'s change onto the checkout's head (the target) and force-pushes it, as the one
   * commit on `branch`, with a lease on what the branch held when we looked. The checkout is back
   * on the target's head afterwards.
   */
  publishBranch(opts: BranchPublishOptions): Promise<BranchPublishResult>;
  /** Removes the checkout. */
  dispose(): Promise<void>;
}

export type GitErrorKind = 'auth' | 'not-found' | 'rejected' | 'transient' | 'local';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}
