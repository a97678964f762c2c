import type { Problem, ProblemKind } from './types.js';

/** Problems that leave a correct file behind; everything else means a marker or file needs fixing. */
const WARNING_KINDS: ReadonlySet<ProblemKind> = new Set<ProblemKind>(['downgrade-prevented', 'no-digest', 'target-unmatched']);

export function severityOf(kind: ProblemKind): Problem['severity'] {
  return WARNING_KINDS.has(kind) ? 'warning' : 'error';
}

export function problem(kind: ProblemKind, message: string, file: string, line: number, policy?: string): Problem {
  const result: Problem = { kind, severity: severityOf(kind), message, file, line };
  if (policy !== undefined) result.policy = policy;
  return result;
}
