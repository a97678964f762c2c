import { decide } from './decide.js';
import { tagsInFile } from './file-tags.js';
import { loneCarriageReturn, misreadEdit } from './guard.js';
import { locateMarkers } from './locate.js';
import type { MarkerSite } from './locate.js';
import { parseMarkerComment, resolveMarker } from './markers.js';
import { excessiveNesting, MAX_NESTING } from './nesting.js';
import { problem } from './problems.js';
import { renderScalar } from './quote.js';
import { mayContainMarkers } from './screen.js';
import { splice } from './splice.js';
import type { Edit } from './splice.js';
import { rewriteTargets } from './targets/index.js';
import type { Change, Problem, RewriteInput, RewriteResult } from './types.js';

interface Outcome {
  edits: Edit[];
  changes: Change[];
  problems: Problem[];
}

interface Marked extends Outcome {
  /** Start offsets of every scalar a marker sits on: targets leave those to the marker. */
  claimed: Set<number>;
  failed: boolean;
}

const NO_MARKERS: Marked = { edits: [], changes: [], problems: [], claimed: new Set(), failed: false };

/**
 * Writes every marked scalar of one file. Only the bytes of marked scalars change; everything else
 * (comments, quoting, indentation, line endings, BOM, document markers) is copied through. Never
 * throws: a file that cannot be parsed, whatever its content, comes back unchanged with one problem.
 */
export function rewriteFile(input: RewriteInput): RewriteResult {
  const targets = input.targets ?? [];
  const marked = input.markers !== false && mayContainMarkers(input.text);
  if (!marked && targets.length === 0) return { text: input.text, changes: [], problems: [] };
  const cr = loneCarriageReturn(input.text);
  if (cr !== undefined) return unchanged(input, 'a carriage return without a line feed (a classic Mac line end): YAML parsers disagree on what it means, so the file is not rewritten', cr);
  const deep = excessiveNesting(input.text);
  if (deep !== undefined) return unchanged(input, `collections nested more than ${MAX_NESTING} levels deep; the file is not parsed`, deep);
  try {
    const markers = marked ? rewriteMarked(input) : NO_MARKERS;
    if (targets.length === 0 || markers.failed) {
      return checked(input, markers.edits, { text: splice(input.text, markers.edits), changes: markers.changes, problems: markers.problems });
    }
    const found = rewriteTargets(input.file, input.text, targets, input.updates, markers.claimed);
    const byLine = (a: { line?: number }, b: { line?: number }) => (a.line ?? 0) - (b.line ?? 0);
    return checked(input, [...markers.edits, ...found.edits], {
      text: splice(input.text, [...markers.edits, ...found.edits]),
      changes: [...markers.changes, ...found.changes].sort(byLine),
      problems: [...markers.problems, ...found.problems].sort(byLine),
      found: found.found,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unchanged(input, `cannot process file: ${reason}`, 1);
  }
}

function unchanged(input: RewriteInput, message: string, line: number): RewriteResult {
  return { text: input.text, changes: [], problems: [problem('parse-error', message, input.file, line)] };
}

/** A rewrite whose new values would not read back exactly as written is not handed out (see guard.ts). */
function checked(input: RewriteInput, edits: readonly Edit[], result: RewriteResult): RewriteResult {
  if (edits.length === 0) return result;
  const misread = misreadEdit(result.text, edits);
  return misread ? unchanged(input, `${misread.message}; the file is left as it is`, misread.line) : result;
}

function rewriteMarked(input: RewriteInput): Marked {
  const located = input.located ?? locateMarkers(input.text);
  if (!located.ok) {
    const message = `not valid YAML, markers not applied: ${located.message}`;
    return { ...NO_MARKERS, problems: [problem('parse-error', message, input.file, located.line)], failed: true };
  }
  const claimed = new Set(located.sites.flatMap((site) => (site.target.kind === 'scalar' ? [site.target.start] : [])));
  const outcome: Marked = { edits: [], changes: [], problems: [], claimed, failed: false };
  const fileTags = tagsInFile(located.sites, input.declared);
  for (const site of located.sites) applySite(site, input, outcome, fileTags);
  return outcome;
}

function applySite(site: MarkerSite, input: RewriteInput, outcome: Outcome, fileTags: ReadonlyMap<string, string>): void {
  const report = (kind: Problem['kind'], message: string, policy?: string) => {
    outcome.problems.push(problem(kind, message, input.file, site.line, policy));
  };
  const marker = parseMarkerComment(site.comment);
  if (!marker.ok) return report('bad-marker', marker.message);
  const resolved = resolveMarker(marker.ref, input.declared);
  if (!resolved.ok) return report(resolved.kind, resolved.message, resolved.policy);
  const { policy, part } = resolved;
  const target = site.target;
  if (target.kind === 'unsupported') return report('not-a-scalar', target.reason, policy);
  // Declared but absent: its registry failed this cycle, which the cycle has already reported.
  const update = input.updates.get(policy);
  if (!update) return;
  const decision = decide(part, target.value, update, fileTags.get(policy));
  if (decision.kind === 'downgrade-prevented' || decision.kind === 'no-digest') {
    return report(decision.kind, decision.message, policy);
  }
  if (decision.kind === 'keep') return;
  outcome.edits.push({ start: target.start, end: target.end, text: renderScalar(decision.to, target.style, target.stringTagged) });
  outcome.changes.push({ file: input.file, line: target.line, policy, part, image: update.image, from: target.value, to: decision.to, rule: 'marker' });
}
