/**
 * How deep a YAML text may nest collections. Real manifests nest a few dozen levels; a file of a
 * million `[` (one byte a level) or `- ` (two) costs `yaml` a gigabyte and half a minute before it
 * fails, so such a file is refused before it is parsed.
 */
export const MAX_NESTING = 256;

const SPACE = new Set([' ', '\t', '\r']);

/**
 * The 1-based line where the text first nests collections more than `max` levels deep, or undefined.
 * A linear scan that knows just enough YAML to count only real nesting: flow collections (`[`, `{`
 * where a value starts, and everything inside them) and block sequence or key indicators written on
 * one line (`- - - x`). Quoted scalars, comments and block scalars are skipped; a bracket or a quote
 * inside a plain scalar (`regex: a[b`, `title: it's`) is text. Indentation needs a byte a level on every line below, so it
 * cannot nest deep enough to matter within the file size limits.
 */
export function excessiveNesting(text: string, max = MAX_NESTING): number | undefined {
  if (!mayNestDeeply(text, max)) return undefined;
  let line = 1;
  let flow = 0;
  let compact = 0;
  let atValue = true;
  let indent = 0;
  let lineStart = true;
  const newline = () => {
    line++;
    lineStart = true;
    atValue = true;
    compact = 0;
    indent = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      newline();
      continue;
    }
    if (lineStart && c === ' ') {
      indent++;
      continue;
    }
    const wasLineStart = lineStart;
    lineStart = false;
    if (SPACE.has(c)) continue;
    const next = text[i + 1];
    const separated = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (c === '#' && (wasLineStart || SPACE.has(text[i - 1] ?? ' '))) {
      i = endOfLine(text, i) - 1;
    } else if ((c === '"' || c === "'") && atValue) {
      const end = endOfQuoted(text, i);
      for (let j = i + 1; j < end; j++) if (text[j] === '\n') line++;
      i = end;
      atValue = false;
    } else if ((c === '[' || c === '{') && (atValue || flow > 0)) {
      if (++flow + compact > max) return line;
      atValue = true;
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
      atValue = false;
    } else if (c === ',' && flow > 0) {
      atValue = true;
    } else if ((c === '-' || c === '?') && separated && atValue) {
      if (flow === 0 && ++compact > max) return line;
    } else if (c === ':' && separated) {
      atValue = true;
    } else if ((c === '&' || c === '!') && atValue) {
      while (i + 1 < text.length && !/[\s,[\]{}]/.test(text[i + 1]!)) i++;
    } else if ((c === '|' || c === '>') && atValue && flow === 0) {
      i = endOfBlockScalar(text, i, indent, () => line++) - 1;
    } else {
      atValue = false;
    }
  }
  return undefined;
}

/**
 * A bound that rules most files out in a tight loop: flow nesting needs a `[` or `{` per level, and
 * compact nesting (`- - x`, reset on every line) two bytes per level on one line, so a text with
 * fewer brackets and shorter lines than that cannot exceed `max`.
 */
function mayNestDeeply(text: string, max: number): boolean {
  let brackets = 0;
  let longest = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
    else if (c === 0x0a) {
      longest = Math.max(longest, i - lineStart);
      lineStart = i + 1;
    }
  }
  longest = Math.max(longest, text.length - lineStart);
  return brackets + Math.ceil(longest / 2) > max;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The index of the closing quote (or the end of the text). */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}

/** Where the block scalar whose header is at `start` ends: at the first non-empty line not indented past `indent`. */
function endOfBlockScalar(text: string, start: number, indent: number, onLine: () => void): number {
  let i = endOfLine(text, start);
  while (i < text.length) {
    const lineEnd = endOfLine(text, i + 1);
    const body = text.slice(i + 1, lineEnd);
    const blank = body.trim() === '';
    if (!blank && body.length - body.trimStart().length <= indent) return i;
    onLine();
    i = lineEnd;
  }
  return i;
}
