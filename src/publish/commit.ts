import type { Config } from '../config/types.js';
import type { CommitIdentity, PublishResult, Workspace } from '../git/types.js';
import type { Change } from '../manifests/types.js';
import { renderCommitMessage } from '../report/commit-message.js';
import type { PublishDeps, PublishInput } from './types.js';
import { writeEdits } from './write-edits.js';

/**
 * Commit mode: one commit with every change of the accepted policies, pushed to the push branch.
 * The rewrite is recomputed on whatever head each attempt starts from (a push branch's, or the
 * remote's new head after a rejected push), so a concurrent writer's work is kept and ours lands once.
 */
export async function publishCommit(
  ws: Workspace,
  input: PublishInput,
  deps: PublishDeps,
  only: (policyId: string) => boolean,
): Promise<{ result: PublishResult; changes: Change[] }> {
  const { commit } = input.config;
  let changes: Change[] = [];
  const result = await ws.publish({
    ...commitIdentity(input.config, deps),
    maxAttempts: commit.maxAttempts,
    apply: async (dir) => {
      input.checkpoint?.();
      const tree = await input.rewrite(dir, only);
      changes = tree.changes;
      if (tree.edits.length === 0) return null;
      return { files: await writeEdits(dir, tree), message: renderCommitMessage(tree.changes, commit.message, commit.trailers) };
    },
  });
  return { result, changes: result.pushed ? changes : [] };
}

export function commitIdentity(config: Config, deps: PublishDeps): CommitIdentity {
  const { author, committer } = config.commit;
  return { author, ...(committer ? { committer } : {}), ...(deps.signing ? { signing: deps.signing } : {}) };
}
