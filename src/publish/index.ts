import type { Workspace } from '../git/types.js';
import { publishCommit } from './commit.js';
import { routePolicies } from './groups.js';
import { publishPullRequests } from './pull-request.js';
import type { PublishDeps, PublishInput, Published } from './types.js';

export type { PublishInput, PublishDeps, Published, PullRequestOutcome } from './types.js';

/**
 * Publishes the cycle's changes the way each policy asks: the committed ones first (pushed to the
 * push branch), then one pull request per group, computed on the target's head as it is after that.
 */
export async function publishChanges(ws: Workspace, input: PublishInput, deps: PublishDeps): Promise<Published> {
  const repo = input.config.repo;
  const routes = routePolicies(input.policies, repo?.write ?? 'commit', input.config.pullRequest.grouping);
  const published: Published = { pullRequests: [], changes: [], problems: [] };
  if (routes.commit.size > 0) {
    const { result, changes } = await publishCommit(ws, input, deps, (id) => routes.commit.has(id));
    published.commit = result;
    published.changes.push(...changes);
    if (result.pushed) deps.log.info({ commit: result.commit, attempts: result.attempts, changes: changes.length }, 'published');
  }
  if (routes.pullRequests.size > 0) {
    const { outcomes, problems } = await publishPullRequests(ws, input, deps, routes.pullRequests);
    published.pullRequests = outcomes;
    published.problems.push(...problems);
    for (const o of outcomes) if (o.action !== 'declined' && o.action !== 'foreign') published.changes.push(...o.changes);
  }
  return published;
}
