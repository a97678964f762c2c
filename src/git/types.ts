export interface GitAuth {
  username?: string;
  /** A password or token for HTTPS remotes. Never placed in a URL, an argument list or a log line. */
  password?: string;
}

export interface Author {
  name: string;
  email: string;
}

export interface CloneOptions {
  url: string;
  branch: string;
  /** Empty or missing directory to clone into. */
  dir: string;
  auth?: GitAuth;
  /** Shallow clone depth; 0 for full history. */
  depth?: number;
}

/** What one attempt at publishing wants committed: computed afresh on every attempt, on the current head. */
export interface PendingCommit {
  /** Repo-relative paths already written into the working tree. */
  files: string[];
  message: string;
}

export interface PublishOptions {
  author: Author;
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

/** The git port: a checkout of one branch that can publish one commit. */
export interface Workspace {
  readonly dir: string;
  readonly branch: string;
  head(): Promise<string>;
  publish(opts: PublishOptions): Promise<PublishResult>;
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
