import { decide } from './decide.js';
import { tagsInFile } from './file-tags.js';
import { inertSwap, loneCarriageReturn, misreadEdit, type Misread } from './guard.js';
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
  /** Every edit is an inert swap (see guard.ts): the new text needs no check. */
  inert: boolean;
}

interface Marked extends Outcome {
  /** Start offsets of every scalar a marker sits on: targets leave those to the marker. */
  claimed: Set<number>;
  failed: boolean;
}

const NO_MARKERS: Marked = { edits: [], changes: [], problems: [], inert: true, claimed: new Set(), failed: false };

/**
 * Writes every marked scalar of one file. Only the bytes of marked scalars change; everything else
 * (comments, quoting, indentation, line endings, BOM, document markers) is copied through. Never
 * throws: a file that cannot be parsed, whatever its content, comes back unchanged with one problem.
 */
export function rewriteFile(input: RewriteInput): RewriteResult {
  const draft = draftRewrite(input);
  return draft.check ? settleRewrite(input, draft, misreadEdit(draft.result.text, draft.edits)) : draft.result;
}

/**
 * A rewrite before its last check: the result, and the edits the check must confirm. The check
 * (`misreadEdit`, a full parse of the new text) may then run elsewhere, a worker thread, and its
 * verdict be applied with `settleRewrite`; `rewriteFile` is the two in a row.
 */
export interface DraftRewrite {
  result: RewriteResult;
  edits: readonly Edit[];
  /** The new text must pass `misreadEdit` before it is used: some edit is not an inert swap. */
  check: boolean;
}

export function draftRewrite(input: RewriteInput): DraftRewrite {
  const targets = input.targets ?? [];
  const marked = input.markers !== false && mayContainMarkers(input.text);
  const none = (result: RewriteResult): DraftRewrite => ({ result, edits: [], check: false });
  if (!marked && targets.length === 0) return none({ text: input.text, changes: [], problems: [] });
  const cr = loneCarriageReturn(input.text);
  if (cr !== undefined) return none(unchanged(input, 'a carriage return without a line feed (a classic Mac line end): YAML parsers disagree on what it means, so the file is not rewritten', cr));
  const deep = excessiveNesting(input.text);
  if (deep !== undefined) return none(unchanged(input, `collections nested more than ${MAX_NESTING} levels deep; the file is not parsed`, deep));
  try {
    const markers = marked ? rewriteMarked(input) : NO_MARKERS;
    if (targets.length === 0 || markers.failed) {
      const result = { text: splice(input.text, markers.edits), changes: markers.changes, problems: markers.problems };
      return { edits: markers.edits, check: markers.edits.length > 0 && !markers.inert, result };
    }
    const found = rewriteTargets(input.file, input.text, targets, input.updates, markers.claimed);
    const byLine = (a: { line?: number }, b: { line?: number }) => (a.line ?? 0) - (b.line ?? 0);
    const edits = [...markers.edits, ...found.edits];
    // Targets' values come from their own parse: their edits are always checked.
    return {
      edits,
      check: found.edits.length > 0 || (edits.length > 0 && !markers.inert),
      result: {
        text: splice(input.text, edits),
        changes: [...markers.changes, ...found.changes].sort(byLine),
        problems: [...markers.problems, ...found.problems].sort(byLine),
        found: found.found,
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return none(unchanged(input, `cannot process file: ${reason}`, 1));
  }
}

/** A rewrite whose new values would not read back exactly as written is not handed out (see guard.ts). */
export function settleRewrite(input: RewriteInput, draft: DraftRewrite, misread: Misread | undefined): RewriteResult {
  return misread ? unchanged(input, `${misread.message}; the file is left as it is`, misread.line) : draft.result;
}

function unchanged(input: RewriteInput, message: string, line: number): RewriteResult {
  return { text: input.text, changes: [], problems: [problem('parse-error', message, input.file, line)] };
}

function rewriteMarked(input: RewriteInput): Marked {
  const located = input.located ?? locateMarkers(input.text);
  if (!located.ok) {
    const message = `not valid YAML, markers not applied: ${located.message}`;
    return { ...NO_MARKERS, problems: [problem('parse-error', message, input.file, located.line)], failed: true };
  }
  const claimed = new Set(located.sites.flatMap((site) => (site.target.kind === 'scalar' ? [site.target.start] : [])));
  const outcome: Marked = { edits: [], changes: [], problems: [], inert: true, claimed, failed: false };
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
  const text = renderScalar(decision.to, target.style, target.stringTagged);
  outcome.edits.push({ start: target.start, end: target.end, text });
  outcome.inert &&= inertSwap({ ...target, source: input.text.slice(target.start, target.end) }, text);
  outcome.changes.push({ file: input.file, line: target.line, policy, part, image: update.image, from: target.value, to: decision.to, rule: 'marker' });
}
