import type { Config, Policy } from '../config/types.js';
import type { TreeRewrite } from '../files/rewrite-tree.js';
import type { Forge } from '../forge/types.js';
import type { PublishResult, Signing } from '../git/types.js';
import type { Logger } from '../log/logger.js';
import type { Change, Problem } from '../manifests/types.js';
import type { Provenance } from '../report/pr-body.js';

/** What the cycle hands the publish step: the decisions made, and how to recompute the rewrite. */
export interface PublishInput {
  config: Config;
  policies: readonly Policy[];
  /** Policy id → where its image came from (OCI annotations), for PR bodies. */
  provenance: ReadonlyMap<string, Provenance>;
  /** `provenance` completed for the changes a pull request proposes (the replaced images' revisions). */
  provenanceFor?: (changes: readonly Change[]) => Promise<ReadonlyMap<string, Provenance>>;
  /**
   * The rewrite of the checkout at `dir`, limited to the policies `only` accepts. Called on every
   * attempt, on whatever head the checkout is on then.
   */
  rewrite: (dir: string, only?: (policyId: string) => boolean) => Promise<TreeRewrite>;
  /** Called right before anything is written; throws to stop (an aborted cycle publishes nothing). */
  checkpoint?: () => void;
}

export interface PublishDeps {
  /** Needed only when some policy is written as a pull request. */
  forge?: Forge;
  /** commit.signing, resolved (a key held in a secret is written to a private file first). */
  signing?: Signing;
  log: Logger;
}

export type PullRequestAction = 'opened' | 'updated' | 'unchanged' | 'declined' | 'foreign';

export interface PullRequestOutcome {
  group: string;
  branch: string;
  action: PullRequestAction;
  number?: number;
  url?: string;
  changes: Change[];
}

export interface Published {
  /** Commit mode: the push (absent when no policy is committed). */
  commit?: PublishResult;
  pullRequests: PullRequestOutcome[];
  /** The changes committed or proposed. */
  changes: Change[];
  problems: Problem[];
}
