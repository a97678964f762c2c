/** Replace the source range `[start, end)` of the original text with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits in one pass, copying every byte outside them unchanged. Returns the
 * input itself when there is nothing to apply, so callers can test for "no change" with `===`.
 */
export function splice(original: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return original;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > original.length) {
      throw new RangeError(`overlapping or out-of-range edit [${edit.start}, ${edit.end})`);
    }
    parts.push(original.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(original.slice(cursor));
  return parts.join('');
}
