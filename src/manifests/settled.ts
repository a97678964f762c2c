import { decide } from './decide.js';
import { parseMarkerComment, resolveMarker } from './markers.js';
import { MARKER_TOKEN } from './screen.js';
import type { PolicyUpdate } from './types.js';

/**
 * The one shape of a marker's line that reads the same with or without a parser: optional `- `
 * items, an optional plain key, one value of inert characters (plain, or quoted with nothing inside to
 * escape), blanks, and the comment. Anything else (anchors, tags, aliases, flow collections, quoted
 * keys, escapes) is left to the parser.
 */
const MARKER_LINE =
  /^ *(?:- +)*(?:[A-Za-z0-9_][A-Za-z0-9_./-]*: +)?(?:([A-Za-z0-9][A-Za-z0-9._/:@+-]*)|"([A-Za-z0-9._/:@+-]*)"|'([A-Za-z0-9._/:@+-]*)')[ \t]+(#.*)$/;
/** A comment alone on its line: never a marker (`locateMarkers` ignores it), or text inside a block scalar. */
const OWN_LINE_COMMENT = /^[ \t]*#/;

/**
 * Whether every marker of a file provably already holds what its policy would write, read from the
 * lines holding the marker token alone, without parsing the file: then rewriting it would change
 * nothing and report nothing about its markers, and the parse can be skipped. In a cycle where nothing
 * is new that is nearly every file, and the parse is nearly all of a cycle's CPU.
 *
 * It answers true only when sure. A line in any other shape, a marker that does not resolve, a value
 * that would move or is guarded against a downgrade, and digest markers (whose decision reads the
 * file's other markers) all answer false, and the file is parsed as always. A line that looks like a
 * marker but is text in a block scalar either holds its value (the rewrite would leave it too) or
 * sends the file to the parser. What a skipped file does not get is the report of a YAML error
 * elsewhere in it: that comes with the next change that reaches the file, and from `plan`, which
 * never skips.
 */
export function markersSettled(text: string, updates: ReadonlyMap<string, PolicyUpdate>, declared: ReadonlySet<string>): boolean {
  for (let at = text.indexOf(MARKER_TOKEN); at >= 0;) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    // A byte order mark starts the file, not a line: anywhere else it is text.
    const line = text.slice(start === 0 && text.startsWith('\ufeff') ? 1 : start, text[end - 1] === '\r' ? end - 1 : end);
    if (!lineSettled(line, updates, declared)) return false;
    at = newline < 0 ? -1 : text.indexOf(MARKER_TOKEN, newline);
  }
  return true;
}

function lineSettled(line: string, updates: ReadonlyMap<string, PolicyUpdate>, declared: ReadonlySet<string>): boolean {
  if (OWN_LINE_COMMENT.test(line)) return true;
  const match = MARKER_LINE.exec(line);
  if (!match) return false;
  const [, plain, double, single, comment] = match;
  // A plain value ending in `:` is a key, not a value.
  if (plain?.endsWith(':')) return false;
  const value = plain ?? double ?? single ?? '';
  const marker = parseMarkerComment(comment ?? '');
  if (!marker.ok) return false;
  const resolved = resolveMarker(marker.ref, declared);
  if (!resolved.ok || resolved.part === 'digest') return false;
  const update = updates.get(resolved.policy);
  // No update this cycle (its registry failed, or it is suspended): the rewrite leaves it too.
  if (!update) return true;
  return decide(resolved.part, value, update).kind === 'keep';
}
