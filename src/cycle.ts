import { loadPolicies } from './config/load-policies.js';
import type { Config, ConfigProblem, Policy } from './config/types.js';
import { rewriteTree, type FileEdit, type RewriteTreeOptions } from './files/rewrite-tree.js';
import type { Forge } from './forge/types.js';
import type { PublishResult, Signing, Workspace } from './git/types.js';
import type { Logger } from './log/logger.js';
import type { TargetFinding } from './manifests/targets/types.js';
import type { Change, Problem } from './manifests/types.js';
import { publishChanges, type Published, type PullRequestOutcome } from './publish/index.js';
import { provenanceOf } from './publish/provenance.js';
import { confirmWrites, hostConcurrency, replacedRevisions, scanPolicies, type PolicyOutcome } from './scan.js';
import type { Registry } from './registry/types.js';

export interface CycleDeps {
  registry: Registry;
  openWorkspace: () => Promise<Workspace>;
  log: Logger;
  /** The forge pull requests are opened through, when the config names one. */
  forge?: Forge;
  signing?: Signing;
}

export interface CycleReport {
  policies: PolicyOutcome[];
  changes: Change[];
  problems: Problem[];
  edits: FileEdit[];
  /** What the policies' targets found, changed or not. */
  found?: TargetFinding[];
  published?: PublishResult;
  pullRequests?: PullRequestOutcome[];
  stats: { policies: number; filesScanned: number; filesParsed: number; durationMs: number };
}

export interface CycleOptions {
  dryRun: boolean;
  /** Scan only the policies it accepts (webhook pushes, intervals, shards); all when absent. */
  filter?: (policy: Policy) => boolean;
  /** Describes each changed file as it is rewritten (`plan` passes a unified diff); see RewriteTreeOptions. */
  diff?: RewriteTreeOptions['diff'];
  /** Checked between stages and right before publishing: an aborted cycle publishes nothing. */
  signal?: AbortSignal;
}

/**
 * One cycle: load policies → scan registries → select → rewrite → publish. `dryRun` stops before
 * anything is written (that is `plan`). The checkout is removed however the cycle ends.
 */
export async function runCycle(config: Config, deps: CycleDeps, opts: CycleOptions): Promise<CycleReport> {
  const started = Date.now();
  const ws = await deps.openWorkspace();
  try {
    const loaded = await loadPolicies(config.policies, ws.dir);
    // A filter narrows what is scanned (and so rewritten); every loaded policy still counts as declared.
    // Suspended (Flux) policies are declared, so their markers are known, but never scanned.
    const active = loaded.policies.filter((p) => !p.suspended);
    const concurrencyOf = hostConcurrency(config.registries);
    const scan = await scanPolicies(opts.filter ? active.filter(opts.filter) : active, deps.registry, { concurrencyOf });
    opts.signal?.throwIfAborted();
    const declared = new Set(loaded.policies.map((p) => p.id));
    const targets = active.flatMap((p) => p.targets ?? []);
    // Tags about to be written that no request has confirmed get a HEAD first; a vanished one is replaced.
    // `only` narrows the rewrite to some policies' updates (one pull request group, say).
    const compute = async (dir: string, only: (id: string) => boolean = () => true) => {
      const updates = () => new Map([...scan.updates].filter(([id]) => only(id)));
      // A cycle that writes skips the parse of files whose markers provably hold their values already.
      const options = { diff: opts.diff, skipSettled: !opts.dryRun };
      const first = await rewriteTree(dir, config.paths, updates(), declared, targets, options);
      return (await confirmWrites(scan, first.changes, deps.registry, concurrencyOf)) ? rewriteTree(dir, config.paths, updates(), declared, targets, options) : first;
    };
    const head = await ws.head();
    const tree = await compute(ws.dir);
    // Publishing recomputes the rewrite on the head it starts from; when that is the head just
    // rewritten and every update is wanted (commit mode, the common case), the tree is not read twice.
    const rewrite = async (dir: string, only: (id: string) => boolean = () => true) =>
      dir === ws.dir && [...scan.updates.keys()].every(only) && (await ws.head()) === head ? tree : compute(dir, only);
    const report = (published?: Published): CycleReport => ({
      policies: scan.outcomes,
      changes: published?.changes ?? tree.changes,
      problems: [...loaded.problems.map(policyProblem), ...scan.problems, ...tree.problems, ...(published?.problems ?? [])],
      edits: tree.edits,
      found: tree.found,
      published: published?.commit,
      pullRequests: published?.pullRequests,
      stats: { policies: loaded.policies.length, filesScanned: tree.scanned, filesParsed: tree.parsed, durationMs: Date.now() - started },
    });
    if (opts.dryRun || tree.edits.length === 0) return report();
    const provenance = provenanceOf(scan.outcomes);
    const checkpoint = () => opts.signal?.throwIfAborted();
    // Pull requests of policies with sourceAnnotations link a compare view: the replaced images are read then.
    const provenanceFor = replacedRevisions(loaded.policies, provenance, deps.registry, { log: deps.log, concurrencyOf });
    const published = await publishChanges(ws, { config, policies: loaded.policies, provenance, provenanceFor, rewrite, checkpoint }, deps);
    return report(published);
  } finally {
    await ws.dispose();
  }
}

function policyProblem(p: ConfigProblem): Problem {
  return { kind: 'policy-error', severity: p.severity ?? 'error', file: p.file, line: p.line, message: p.message };
}
