import { Composer, LineCounter, Parser, isScalar } from 'yaml';
import { walkValues } from './nodes.js';
import type { FlowStyle } from './quote.js';
import type { Edit } from './splice.js';
import { withYamlEnv } from './yaml-env.js';

/**
 * The line of the first carriage return not followed by a line feed (a classic Mac line end), if any.
 * YAML says it is a line break, the `yaml` package reads it as part of the text around it, and a file
 * that two parsers read differently cannot be rewritten safely: a value `v:\r "1.0"` spans the `\r`
 * for `yaml`, so replacing it would glue the value to its key.
 */
export function loneCarriageReturn(text: string): number | undefined {
  const at = text.search(/\r(?!\n)/);
  if (at < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export interface Misread {
  line: number;
  message: string;
}

/** Characters that are nothing but text in a plain or quoted scalar, wherever they stand. */
const INERT = /^[A-Za-z0-9._/:@+-]*$/;

/**
 * Whether replacing the scalar `old` (its bytes, as the parser located it) with `text` provably needs
 * no re-parse: both are the same style and made only of inert characters. Quoted, nothing inside can
 * close or escape the quotes. Plain, and outside any flow collection, a value that starts with a letter
 * or digit and does not end in `:` holds no indicator, no `: ` or ` #`, and no line break, so the lexer
 * ends it exactly where it ended the old one and every other byte lexes as it did; the file's structure
 * cannot change, and the new value reads as its text. Image references and tags almost always qualify,
 * which spares most changed files their second parse; anything else gets `misreadEdit`.
 */
export function inertSwap(old: { source: string; style: FlowStyle; value: string; inBlock?: boolean }, text: string): boolean {
  const { source, style, value } = old;
  if (style === 'PLAIN') {
    const plain = (v: string) => v !== '' && /^[A-Za-z0-9]/.test(v) && !v.endsWith(':') && INERT.test(v);
    return old.inBlock === true && source === value && plain(value) && plain(text);
  }
  const quote = style === 'QUOTE_DOUBLE' ? '"' : "'";
  const quoted = (v: string) => v.length >= 2 && v.startsWith(quote) && v.endsWith(quote) && INERT.test(v.slice(1, -1));
  return source === `${quote}${value}${quote}` && quoted(source) && quoted(text);
}

/**
 * The last check before a rewritten text is handed out: it parses without errors, and every edited
 * value is, at exactly the bytes written, a flow scalar that reads as its text reads on its own (so
 * the bytes around it, which the splice copied, still mean what they meant). The rewrite guarantees
 * this by construction; the check makes sure a parser quirk or a bug can only ever leave a file as it
 * was, never turn it into something that means something else. Costs one parse, of files that change.
 */
export function misreadEdit(after: string, edits: readonly Edit[]): Misread | undefined {
  try {
    return misreadOrThrow(after, edits);
  } catch (error) {
    // A check that cannot run has not passed.
    return { line: 1, message: `the rewritten file could not be checked (${error instanceof Error ? error.message : String(error)})` };
  }
}

function misreadOrThrow(after: string, edits: readonly Edit[]): Misread | undefined {
  return withYamlEnv(() => {
    const lines = new LineCounter();
    const docs = Array.from(new Composer({ uniqueKeys: false }).compose(new Parser(lines.addNewLine).parse(after), false, after.length));
    const scalars = new Map<number, { end: number; source: unknown }>();
    const errors = docs.flatMap((doc) => doc.errors.map((e) => ({ offset: e.pos[0], message: e.message })));
    for (const doc of docs) {
      errors.push(...walkValues(doc, (node) => {
        if (isScalar(node) && node.range) scalars.set(node.range[0], { end: node.range[1], source: node.source });
      }));
    }
    const error = errors.sort((a, b) => a.offset - b.offset)[0];
    if (error) return { line: lines.linePos(error.offset).line, message: `the rewritten file would not parse (${error.message.split('\n')[0]})` };
    let shift = 0;
    for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
      const start = edit.start + shift;
      shift += edit.text.length - (edit.end - edit.start);
      const found = scalars.get(start);
      if (found?.end !== start + edit.text.length || found.source !== sourceOf(edit.text)) {
        return { line: lines.linePos(start).line, message: `the new value ${edit.text} would not read back as written` };
      }
    }
    return undefined;
  });
}

/** What a flow scalar's text reads as by itself: its string before any type resolution. */
function sourceOf(text: string): unknown {
  const [doc] = Array.from(new Composer().compose(new Parser().parse(text)));
  const node = doc?.contents;
  return isScalar(node) && doc!.errors.length === 0 ? node.source : Symbol('unreadable');
}
