/** The forge port: just what imagebump needs to keep one pull request per branch current. */

export type ForgeKind = 'github' | 'gitlab' | 'gitea';

export type PullRequestState = 'open' | 'closed' | 'merged';

export interface PullRequest {
  /** GitHub/Gitea number, GitLab iid: what the forge's UI shows. */
  number: number;
  url: string;
  title: string;
  body: string;
  state: PullRequestState;
  /** Source branch name. */
  head: string;
  /** Target branch name. */
  base: string;
  /** Label names, as the forge lists them. */
  labels: readonly string[];
  /** The forge's global id where it needs one besides the number (GitHub's GraphQL node id). */
  nodeId?: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface PullRequestDraft {
  head: string;
  base: string;
  title: string;
  body: string;
  labels: readonly string[];
  /** Usernames; on GitHub `org/team` requests a team. */
  reviewers: readonly string[];
  assignees: readonly string[];
  /** Merge by itself once the forge's checks pass. */
  autoMerge?: MergeMethod;
}

export interface Forge {
  readonly kind: ForgeKind;
  /** The open pull request from `head` into `base`, if there is one. */
  findOpen(head: string, base: string): Promise<PullRequest | undefined>;
  /** Recently closed (or merged) pull requests from `head` into `base`, newest first. */
  findClosed(head: string, base: string): Promise<PullRequest[]>;
  /** Opens a pull request (title, body, branches). */
  create(draft: PullRequestDraft): Promise<PullRequest>;
  /**
   * Applies the draft's labels, reviewers, assignees and auto-merge to a pull request just opened. Also
   * called with labels only, to add the ones an open pull request lacks: a label it has must stay single.
   */
  decorate(pr: PullRequest, draft: PullRequestDraft): Promise<void>;
  update(number: number, change: { title: string; body: string }): Promise<PullRequest>;
}

/** How an adapter is set up: resolved from the config, token already registered for redaction. */
export interface ForgeSettings {
  /** API base URL, e.g. https://api.github.com or https://gitlab.example/api/v4. */
  baseUrl: string;
  /** OWNER/NAME (GitLab: the project's full path). */
  project: string;
  token: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}
