import type { WriteMode } from '../config/schema/repo.js';
import type { PullRequestConfig } from '../config/schema/forge.js';
import type { Policy } from '../config/types.js';
import { ALL_GROUP, policyGroup } from '../forge/branch-name.js';

/** Which policies are committed, and which pull request group each of the others goes to. */
export interface Routes {
  commit: Set<string>;
  /** Group segment of the branch name → policy ids, in a stable order. */
  pullRequests: Map<string, Set<string>>;
}

/**
 * Routes each policy by its `spec.update.write` (or the repo's default) and, for pull requests, by
 * `pullRequest.grouping`: all in one, one per policy, or one per `spec.update.group` (a policy
 * without a group key gets its own). Pure.
 */
export function routePolicies(policies: readonly Policy[], defaultWrite: WriteMode, grouping: PullRequestConfig['grouping']): Routes {
  const routes: Routes = { commit: new Set(), pullRequests: new Map() };
  for (const p of [...policies].sort((a, b) => a.id.localeCompare(b.id))) {
    if ((p.update?.write ?? defaultWrite) === 'commit') {
      routes.commit.add(p.id);
      continue;
    }
    const group = grouping === 'all' ? ALL_GROUP : grouping === 'group' && p.update?.group ? p.update.group : policyGroup(p.id);
    routes.pullRequests.set(group, (routes.pullRequests.get(group) ?? new Set()).add(p.id));
  }
  return routes;
}
