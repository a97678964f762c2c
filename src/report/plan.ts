import { createTwoFilesPatch } from 'diff';
import type { FileEdit } from '../files/rewrite-tree.js';
import type { TargetFinding } from '../manifests/targets/types.js';
import type { Change, Problem } from '../manifests/types.js';
import type { PolicyOutcome } from '../scan.js';
import { changeLine } from './commit-message.js';

export interface PlanJson {
  changes: Change[];
  problems: Problem[];
  policies: PolicyOutcome[];
  /** What the policies' targets found, changed or not (present when a policy declares targets). */
  found?: TargetFinding[];
}

export function renderPlanJson(plan: PlanJson): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

/** One changed file as a unified diff with three lines of context: runCycle's `diff` for `plan`. */
export function fileDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 }).replace(/^=+\n/, '');
}

/** A readable plan: the unified diff of every file that would change, then changes and problems. */
export function renderPlanText(edits: readonly FileEdit[], plan: PlanJson): string {
  const out: string[] = [];
  // The diffs were made as the files were rewritten (runCycle's `diff: fileDiff`).
  for (const { diff } of edits) if (diff !== undefined) out.push(diff);
  out.push(plan.changes.length ? `${plan.changes.length} change(s):` : 'No changes.');
  out.push(...plan.changes.map((c) => `${changeLine(c)}  ${ruleLabel(c)}`));
  if (plan.found?.length) out.push('', 'Found by targets:', ...foundLines(plan.found));
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

/** Why a value moved: `[marker]`, or the target and what it found, e.g. `[targets[1] helm: image.tag]`. */
export function ruleLabel(c: Change): string {
  if (c.rule === 'marker' || c.target === undefined) return '[marker]';
  return `[targets[${c.target}] ${c.rule.slice('target:'.length)}${c.found ? `: ${c.found}` : ''}]`;
}

const SHOWN = 3;

/** One line per target: how many values it found where, and the first few of them. */
function foundLines(found: readonly TargetFinding[]): string[] {
  const byTarget = new Map<string, TargetFinding[]>();
  for (const f of found) byTarget.set(`${f.policy} targets[${f.target}]`, [...(byTarget.get(`${f.policy} targets[${f.target}]`) ?? []), f]);
  return [...byTarget].map(([label, list]) => {
    const files = new Set(list.map((f) => f.file)).size;
    const shown = list.slice(0, SHOWN).map((f) => `${f.file}:${f.line} ${f.found}`);
    const more = list.length > SHOWN ? `; and ${list.length - SHOWN} more` : '';
    return `- ${label}: ${list.length} in ${files} file(s): ${shown.join('; ')}${more}`;
  });
}
