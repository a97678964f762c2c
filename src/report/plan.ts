import { createTwoFilesPatch } from 'diff';
import type { FileEdit } from '../files/rewrite-tree.js';
import type { Change, Problem } from '../manifests/types.js';
import type { PolicyOutcome } from '../scan.js';
import { changeLine } from './commit-message.js';

export interface PlanJson {
  changes: Change[];
  problems: Problem[];
  policies: PolicyOutcome[];
}

export function renderPlanJson(plan: PlanJson): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

/** A readable plan: the unified diff of every file that would change, then changes and problems. */
export function renderPlanText(edits: readonly FileEdit[], plan: PlanJson): string {
  const out: string[] = [];
  for (const e of edits) {
    out.push(createTwoFilesPatch(`a/${e.file}`, `b/${e.file}`, e.before, e.after, '', '', { context: 3 }).replace(/^=+\n/, ''));
  }
  out.push(plan.changes.length ? `${plan.changes.length} change(s):` : 'No changes.');
  out.push(...plan.changes.map(changeLine));
  if (plan.problems.length) {
    out.push('', `${plan.problems.length} problem(s):`);
    out.push(...plan.problems.map(problemLine));
  }
  return out.join('\n') + '\n';
}

export function problemLine(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : '';
  return `${p.severity}: ${where}${p.message}`;
}
