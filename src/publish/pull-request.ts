import { branchName } from '../forge/branch-name.js';
import { ForgeError } from '../forge/errors.js';
import { markerFor, readMarker, renderMarker } from '../forge/marker.js';
import type { Forge, PullRequest, PullRequestDraft } from '../forge/types.js';
import type { Workspace } from '../git/types.js';
import type { Change, Problem } from '../manifests/types.js';
import { renderCommitMessage } from '../report/commit-message.js';
import { forgeHostsOf, renderPullRequest, type PullRequestText } from '../report/pr-body.js';
import { commitIdentity } from './commit.js';
import type { PublishDeps, PublishInput, PullRequestOutcome } from './types.js';
import { writeEdits } from './write-edits.js';

interface Group {
  key: string;
  branch: string;
  only: (policyId: string) => boolean;
}

/**
 * Pull-request mode, one group at a time: the group's change is computed on the target's head and
 * kept as one commit on the group's branch, and the branch's one open pull request is found and
 * updated, or opened. All state lives on the forge and the branch, so restarts and replicas agree.
 * A group whose forge calls fail is reported and the others go on.
 */
export async function publishPullRequests(
  ws: Workspace,
  input: PublishInput,
  deps: PublishDeps,
  groups: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<{ outcomes: PullRequestOutcome[]; problems: Problem[] }> {
  const outcomes: PullRequestOutcome[] = [];
  const problems: Problem[] = [];
  const { branchPrefix } = input.config.pullRequest;
  for (const [key, ids] of groups) {
    const group: Group = { key, branch: branchName({ prefix: branchPrefix, target: ws.branch, group: key }), only: (id) => ids.has(id) };
    if (!deps.forge) {
      problems.push(forgeProblem(`${group.branch}: pull-request mode needs a forge: set forge.type and forge.token in the config`));
      continue;
    }
    try {
      const outcome = await publishGroup(ws, input, { ...deps, forge: deps.forge }, group, problems);
      if (outcome) outcomes.push(outcome);
    } catch (err) {
      if (!(err instanceof ForgeError)) throw err;
      problems.push(forgeProblem(`${group.branch}: ${err.message}`));
    }
  }
  return { outcomes, problems };
}

async function publishGroup(
  ws: Workspace,
  input: PublishInput,
  deps: PublishDeps & { forge: Forge },
  group: Group,
  problems: Problem[],
): Promise<PullRequestOutcome | undefined> {
  const { forge } = deps;
  const preview = await input.rewrite(ws.dir, group.only);
  // Nothing to propose on the target's head: no forge call at all, whatever branches exist.
  if (preview.changes.length === 0) return undefined;
  const base = { group: group.key, branch: group.branch };
  const open = await forge.findOpen(group.branch, ws.branch);
  if (!open && (await isDeclined(forge, group.branch, ws.branch, preview.changes))) {
    deps.log.info({ branch: group.branch }, 'these versions were declined (pull request closed unmerged); not proposing them again');
    return { ...base, action: 'declined', changes: preview.changes };
  }
  const pushed = await pushGroupBranch(ws, input, deps, group);
  if (pushed.outcome === 'unchanged') return undefined;
  if (pushed.outcome === 'foreign') {
    problems.push({ ...forgeProblem(`${group.branch} holds commits by someone else; left alone`), severity: 'warning' });
    return { ...base, action: 'foreign', number: open?.number, url: open?.url, changes: [] };
  }
  const provenance = input.provenanceFor ? await input.provenanceFor(pushed.changes) : input.provenance;
  const draft = draftOf(input, ws.branch, group, pullRequestText(input, ws.branch, group, pushed.changes, provenance));
  const pr = open ? await converge(forge, open, draft, problems) : await openNew(forge, draft, problems);
  deps.log.info({ branch: group.branch, number: pr.pr.number, action: pr.action, changes: pushed.changes.length }, 'pull request');
  return { ...base, action: pr.action, number: pr.pr.number, url: pr.pr.url, changes: pushed.changes };
}

async function pushGroupBranch(ws: Workspace, input: PublishInput, deps: PublishDeps, group: Group) {
  let changes: Change[] = [];
  const { commit } = input.config;
  const result = await ws.publishBranch({
    ...commitIdentity(input.config, deps),
    branch: group.branch,
    maxAttempts: commit.maxAttempts,
    apply: async (dir) => {
      input.checkpoint?.();
      const tree = await input.rewrite(dir, group.only);
      changes = tree.changes;
      if (tree.edits.length === 0) return null;
      return { files: await writeEdits(dir, tree), message: renderCommitMessage(tree.changes, commit.message, commit.trailers) };
    },
  });
  return { outcome: result.outcome, changes };
}

/** A pull request from this branch closed without merging, proposing exactly these versions. */
async function isDeclined(forge: Forge, branch: string, target: string, changes: readonly Change[]): Promise<boolean> {
  const { fingerprint } = markerFor(changes);
  const closed = await forge.findClosed(branch, target);
  return closed.some((pr) => pr.state === 'closed' && readMarker(pr.body)?.fingerprint === fingerprint);
}

function pullRequestText(input: PublishInput, target: string, group: Group, changes: readonly Change[], provenance = input.provenance): PullRequestText {
  const ctx = { target, branch: group.branch, group: group.key, provenance, forge: forgeHostsOf(input.config) };
  const { title, body } = renderPullRequest(changes, ctx, input.config.pullRequest);
  return { title, body: `${body}\n\n${renderMarker(markerFor(changes))}\n` };
}

function draftOf(input: PublishInput, target: string, group: Group, text: PullRequestText): PullRequestDraft {
  const { labels, reviewers, assignees, autoMerge } = input.config.pullRequest;
  return { head: group.branch, base: target, ...text, labels, reviewers, assignees, ...(autoMerge ? { autoMerge } : {}) };
}

/**
 * Brings an open pull request to the draft: title and body rewritten when they differ, configured labels
 * it lacks added. An unchanged pull request with its labels costs no write.
 */
async function converge(forge: Forge, open: PullRequest, draft: PullRequestDraft, problems: Problem[]) {
  const relabelled = await addMissingLabels(forge, open, draft, problems);
  if (open.title === draft.title && open.body.trim() === draft.body.trim()) {
    return { pr: open, action: relabelled ? ('updated' as const) : ('unchanged' as const) };
  }
  return { pr: await forge.update(open.number, { title: draft.title, body: draft.body }), action: 'updated' as const };
}

/**
 * A pull request opened by a process that died before decorating it has no labels: they are added on a
 * later cycle (as is a label added to the config since). Only labels: they are the one decoration every
 * forge lists and adds idempotently. Re-requesting reviewers notifies them again on GitHub, and GitLab and
 * Gitea replace the assignee and reviewer sets (dropping people added by hand); auto-merge a person
 * turned off must stay off. Label names compare case-insensitively, as GitHub's do, so a label
 * configured in another case does not cost a write every cycle.
 */
async function addMissingLabels(forge: Forge, open: PullRequest, draft: PullRequestDraft, problems: Problem[]): Promise<boolean> {
  const has = new Set(open.labels.map((l) => l.toLowerCase()));
  const missing = [...new Set(draft.labels)].filter((l) => !has.has(l.toLowerCase()));
  if (missing.length === 0) return false;
  try {
    await forge.decorate(open, { ...draft, labels: missing, reviewers: [], assignees: [], autoMerge: undefined });
    return true;
  } catch (err) {
    if (!(err instanceof ForgeError)) throw err;
    problems.push({ ...forgeProblem(`${draft.head}: pull request #${open.number} lacks labels ${missing.join(', ')}, but ${err.message}`), severity: 'warning' });
    return false;
  }
}

async function openNew(forge: Forge, draft: PullRequestDraft, problems: Problem[]) {
  let pr: PullRequest;
  try {
    pr = await forge.create(draft);
  } catch (err) {
    // Another writer (a replica) opened it between our look and our create: update theirs instead.
    const theirs = err instanceof ForgeError && err.kind === 'conflict' ? await forge.findOpen(draft.head, draft.base) : undefined;
    if (!theirs) throw err;
    return converge(forge, theirs, draft, problems);
  }
  try {
    await forge.decorate(pr, draft);
  } catch (err) {
    if (!(err instanceof ForgeError)) throw err;
    problems.push({ ...forgeProblem(`${draft.head}: pull request #${pr.number} opened, but ${err.message}`), severity: 'warning' });
  }
  return { pr, action: 'opened' as const };
}

function forgeProblem(message: string): Problem {
  return { kind: 'forge-error', severity: 'error', message };
}
