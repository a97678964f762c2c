import { loadPolicies } from './config/load-policies.js';
import type { Config, ConfigProblem } from './config/types.js';
import { writeFileAtomic, resolveInside } from './files/atomic-write.js';
import { rewriteTree, type FileEdit, type TreeRewrite } from './files/rewrite-tree.js';
import type { PublishResult, Workspace } from './git/types.js';
import type { Logger } from './log/logger.js';
import type { Change, Problem } from './manifests/types.js';
import { renderCommitMessage } from './report/commit-message.js';
import { scanPolicies, type PolicyOutcome } from './scan.js';
import type { Registry } from './registry/types.js';

export interface CycleDeps {
  registry: Registry;
  openWorkspace: () => Promise<Workspace>;
  log: Logger;
}

export interface CycleReport {
  policies: PolicyOutcome[];
  changes: Change[];
  problems: Problem[];
  edits: FileEdit[];
  published?: PublishResult;
  stats: { policies: number; filesScanned: number; filesParsed: number; durationMs: number };
}

/**
 * One cycle: load policies → scan registries → select → rewrite → publish. `dryRun` stops before
 * anything is written (that is `plan`). The checkout is removed however the cycle ends.
 */
export async function runCycle(config: Config, deps: CycleDeps, opts: { dryRun: boolean }): Promise<CycleReport> {
  const started = Date.now();
  const ws = await deps.openWorkspace();
  try {
    const loaded = await loadPolicies(config.policies, ws.dir);
    const scan = await scanPolicies(loaded.policies, deps.registry);
    const declared = new Set(loaded.policies.map((p) => p.id));
    let tree = await rewriteTree(ws.dir, config.paths, scan.updates, declared);
    const report = (published?: PublishResult): CycleReport => ({
      policies: scan.outcomes,
      changes: tree.changes,
      problems: [...loaded.problems.map(policyProblem), ...scan.problems, ...tree.problems],
      edits: tree.edits,
      published,
      stats: { policies: loaded.policies.length, filesScanned: tree.scanned, filesParsed: tree.parsed, durationMs: Date.now() - started },
    });
    if (opts.dryRun || tree.edits.length === 0) return report();
    let attempt = 0;
    const published = await ws.publish({
      author: config.commit.author,
      maxAttempts: config.commit.maxAttempts,
      apply: async (dir) => {
        // After a rejected push the checkout sits on the remote's new head: recompute from its files.
        if (attempt++ > 0) tree = await rewriteTree(dir, config.paths, scan.updates, declared);
        return tree.edits.length ? { files: await writeEdits(dir, tree), message: renderCommitMessage(tree.changes, config.commit.message) } : null;
      },
    });
    deps.log.info({ commit: published.commit, attempts: published.attempts, changes: tree.changes.length }, 'published');
    return report(published);
  } finally {
    await ws.dispose();
  }
}

async function writeEdits(dir: string, tree: TreeRewrite): Promise<string[]> {
  for (const e of tree.edits) await writeFileAtomic(await resolveInside(dir, e.file), e.after);
  return tree.edits.map((e) => e.file);
}

function policyProblem(p: ConfigProblem): Problem {
  return { kind: 'policy-error', severity: 'error', file: p.file, line: p.line, message: p.message };
}
