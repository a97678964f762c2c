import type { CycleReport } from '../cycle.js';
import type { CurrentValues } from './current-values.js';

export interface StatusRow {
  policy: string;
  image: string;
  /** Tags the policy's markers hold in Git (several when files disagree). */
  current: string[];
  /** The tag the policy selects from the registry now. */
  latest?: string;
  state: 'up-to-date' | 'update-pending' | 'kept' | 'no-candidate' | 'failed' | 'unused';
  why: string;
}

/**
 * For each policy of a dry-run cycle: what Git holds, what the registry offers, and why the one is or
 * is not the other. Pure: the report and the values read from the checkout come in.
 */
export function explainStatus(report: CycleReport, current: CurrentValues): StatusRow[] {
  return report.policies.map((o) => {
    const held = [...(current.get(o.policy)?.keys() ?? [])];
    const changes = report.changes.filter((c) => c.policy === o.policy);
    const problems = report.problems.filter((p) => p.policy === o.policy);
    const base = { policy: o.policy, image: o.image, current: unique([...held, ...changes.filter((c) => c.part === 'whole' || c.part === 'tag').map((c) => (c.part === 'tag' ? c.from : tagOf(c.from)))]), latest: o.selection?.tag };
    if (o.status === 'failed') return { ...base, state: 'failed', why: `registry failed: ${o.error ?? 'unknown error'}` };
    if (o.status === 'no-candidate') return { ...base, state: 'no-candidate', why: noCandidate(o.tags, o.selection) };
    if (changes.length > 0) {
      const places = changes.length === 1 ? '1 place' : `${changes.length} places`;
      return { ...base, state: 'update-pending', why: `not applied yet: ${places} to change; the next cycle (or \`imagebump once\`) commits it` };
    }
    const kept = problems.find((p) => p.severity === 'warning' || p.kind === 'downgrade-prevented');
    if (kept) return { ...base, state: 'kept', why: `kept: ${kept.message}` };
    if (problems.length > 0) return { ...base, state: 'kept', why: problems[0]!.message };
    if (held.length === 0) return { ...base, state: 'unused', why: 'no marker names this policy; nothing to change' };
    return { ...base, state: 'up-to-date', why: 'up to date' };
  });
}

function noCandidate(tags: number | undefined, s: { excluded: number; filteredOut: number; unrankable: number } | undefined): string {
  if (!s) return 'no tag qualifies';
  const parts = [`${tags ?? 0} tags listed`];
  if (s.excluded) parts.push(`${s.excluded} excluded`);
  if (s.filteredOut) parts.push(`${s.filteredOut} filtered out`);
  if (s.unrankable) parts.push(`${s.unrankable} not orderable`);
  return `no tag qualifies (${parts.join(', ')})`;
}

/** A change's `from` may be a whole reference: keep the tag. */
function tagOf(value: string): string {
  const at = value.indexOf('@');
  const named = at === -1 ? value : value.slice(0, at);
  const colon = named.lastIndexOf(':');
  return colon > named.lastIndexOf('/') ? named.slice(colon + 1) : value;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
