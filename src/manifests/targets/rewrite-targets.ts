import { problem } from '../problems.js';
import type { PolicyUpdate } from '../types.js';
import { applySite } from './apply.js';
import type { Applied } from './apply.js';
import { DocumentSites } from './find.js';
import { parseFile } from './parse.js';
import { lineOf, slotsOf } from './sites.js';
import type { Site } from './sites.js';
import { targetLabel } from './types.js';
import type { PolicyTarget, TargetFinding } from './types.js';

export interface TargetRewrite extends Applied {
  found: TargetFinding[];
}

interface Match {
  target: PolicyTarget;
  site: Site;
}

/**
 * Applies the targets that matched one file. `claimed` holds the start offsets of scalars a marker
 * sits on: a marker is the more specific instruction, so those scalars are left to it. A scalar that
 * targets of two different policies both find is a configuration conflict: it is reported and left
 * alone rather than given to whichever policy came first.
 */
export function rewriteTargets(
  file: string,
  text: string,
  targets: readonly PolicyTarget[],
  updates: ReadonlyMap<string, PolicyUpdate>,
  claimed: ReadonlySet<number>,
): TargetRewrite {
  const out: TargetRewrite = { edits: [], changes: [], problems: [], found: [] };
  const parsed = parseFile(text);
  if (!parsed.ok) {
    out.problems.push(problem('parse-error', `not valid YAML, targets not applied: ${parsed.message}`, file, parsed.line));
    return out;
  }
  const matches: Match[] = [];
  for (const doc of parsed.docs) {
    const sites = new DocumentSites(doc, parsed.lines);
    for (const target of targets) for (const site of sites.for(target)) matches.push({ target, site });
  }
  out.found = matches.map(({ target, site }) => ({ policy: target.policy, target: target.index, file, line: lineOf(site), found: site.found }));
  const conflicted = reportConflicts(matches, file, claimed, out);
  const taken = new Set<number>(claimed);
  for (const { target, site } of matches) {
    const starts = slotsOf(site).map((slot) => slot.start);
    if (starts.some((start) => taken.has(start) || conflicted.has(start))) continue;
    starts.forEach((start) => taken.add(start));
    applySite(site, file, target, updates.get(target.policy), out);
  }
  return out;
}

/** Scalars found by targets of more than one policy; each is reported once. */
function reportConflicts(matches: readonly Match[], file: string, claimed: ReadonlySet<number>, out: Applied): Set<number> {
  const owners = new Map<number, { line: number; value: string; targets: PolicyTarget[] }>();
  for (const { target, site } of matches) {
    for (const slot of slotsOf(site)) {
      if (claimed.has(slot.start)) continue;
      const entry = owners.get(slot.start) ?? { line: slot.line, value: slot.value, targets: [] };
      entry.targets.push(target);
      owners.set(slot.start, entry);
    }
  }
  const conflicted = new Set<number>();
  for (const [start, entry] of owners) {
    const policies = new Set(entry.targets.map((t) => t.policy));
    if (policies.size < 2) continue;
    conflicted.add(start);
    const names = [...new Map(entry.targets.map((t) => [`${t.policy}#${t.index}`, targetLabel(t.policy, t.index)])).values()];
    const message = `"${entry.value}" is found by targets of ${policies.size} policies (${names.join(', ')}); left as it is: narrow their files globs, or put a marker on the value`;
    out.problems.push(problem('target-conflict', message, file, entry.line));
  }
  return conflicted;
}
