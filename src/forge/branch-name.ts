/**
 * Pull request branches are `PREFIX/TARGET/GROUP`: deterministic, so every run (and every replica)
 * finds the same branch and the same pull request, and parseable back into its parts. TARGET may
 * contain `/` (release/1.x); GROUP never does, so the last segment is the group.
 */
export interface BranchParts {
  prefix: string;
  target: string;
  group: string;
}

/** The group of everything (grouping: all). */
export const ALL_GROUP = 'all';

export function branchName(parts: BranchParts): string {
  const name = `${parts.prefix}/${parts.target}/${parts.group}`;
  const problem = refProblem(name) ?? (parts.group.includes('/') ? 'the group contains "/"' : undefined);
  if (problem) throw new Error(`invalid pull request branch ${JSON.stringify(name)}: ${problem}`);
  return name;
}

export function parseBranchName(name: string, prefix: string): BranchParts | undefined {
  if (!name.startsWith(`${prefix}/`)) return undefined;
  const rest = name.slice(prefix.length + 1);
  const cut = rest.lastIndexOf('/');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { prefix, target: rest.slice(0, cut), group: rest.slice(cut + 1) };
}

/** The group segment of one policy: `namespace.name` (group keys have no dots, so they never collide). */
export function policyGroup(policyId: string): string {
  return policyId.replace(':', '.');
}

/** git's check-ref-format rules for a branch, the ones a generated name can break. */
function refProblem(name: string): string | undefined {
  if (/[\s~^:?*[\\]|\p{Cc}/u.test(name)) return 'contains a character git forbids in refs';
  if (name.includes('..') || name.includes('//') || name.includes('@{')) return 'contains "..", "//" or "@{"';
  if (name.split('/').some((seg) => seg.startsWith('.') || seg.endsWith('.lock') || seg === '')) return 'has an empty, dotted or .lock segment';
  if (name.endsWith('.') || name.endsWith('/')) return 'ends with "." or "/"';
  return undefined;
}
