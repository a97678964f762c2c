import { Composer, LineCounter, Parser } from 'yaml';
import type { Document } from 'yaml';
import { walkValues } from '../nodes.js';

export type ParsedFile =
  | { ok: true; docs: Document.Parsed[]; lines: LineCounter }
  | { ok: false; line: number; message: string };

/**
 * Parses every document of a file the way the marker rewrite does (the same composer settings and the
 * same duplicate-key rule), so a file is valid or invalid for targets exactly when it is for markers.
 */
export function parseFile(text: string): ParsedFile {
  const lines = new LineCounter();
  const tokens = new Parser(lines.addNewLine).parse(text);
  const docs = Array.from(new Composer({ uniqueKeys: false }).compose(tokens, false, text.length));
  const errors = docs.flatMap((doc) => [
    ...doc.errors.map((error) => ({ offset: error.pos[0], message: error.message })),
    ...walkValues(doc, () => undefined),
  ]);
  if (errors.length === 0) return { ok: true, docs, lines };
  const first = errors.reduce((a, b) => (a.offset <= b.offset ? a : b));
  return { ok: false, line: lines.linePos(first.offset).line, message: first.message };
}
