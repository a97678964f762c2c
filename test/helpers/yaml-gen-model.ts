/*
 * The tree the YAML generator builds before rendering it to text: every node says how it is written
 * (block or flow, quoting style, anchor, comments), so one tree renders to exactly one text.
 */

export type Style = 'plain' | 'single' | 'double';
export type PathKey = string | number;

export interface ScalarNode {
  kind: 'scalar';
  value: string;
  style: Style;
  anchor?: string;
  /** `!!str`: the value is a string whatever it looks like. */
  strTag?: boolean;
  /** A block scalar (`|`, `|-`, `>`): never a target. */
  block?: string;
  /** A double-quoted scalar folded over two lines: filler only. */
  folded?: boolean;
}

export interface AliasNode {
  kind: 'alias';
  name: string;
}

export interface Entry {
  key: string;
  keyStyle: Style;
  value: YNode;
  /** The line comment after an inline value (block context only), `#` included. */
  comment?: string;
  /** Comment lines before the entry, `#` included. */
  before?: string[];
  /** A scalar value on the line below its key. */
  nextLine?: boolean;
}

export interface MapNode {
  kind: 'map';
  flow: boolean;
  /** A flow collection written over several lines, a comment after each item. */
  multiline?: boolean;
  anchor?: string;
  entries: Entry[];
}

export interface Item {
  value: YNode;
  comment?: string;
  before?: string[];
}

export interface SeqNode {
  kind: 'seq';
  flow: boolean;
  multiline?: boolean;
  anchor?: string;
  items: Item[];
}

export type YNode = ScalarNode | AliasNode | MapNode | SeqNode;

/** Small, fast, seedable PRNG (mulberry32): the generator must be reproducible from fast-check's seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
}

/** Text that reads back as itself when written plain, in block and flow context alike (syntax only). */
const PLAIN_SAFE = /^[A-Za-z0-9_./\u00c0-\u024f\u4e00-\u9fff][A-Za-z0-9_./:@+=\u00c0-\u024f\u4e00-\u9fff-]*$/;

export function plainSafe(value: string): boolean {
  return PLAIN_SAFE.test(value) && !value.endsWith(':') && !value.includes('://');
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

export function doubleQuoted(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be escaped
  const body = value.replace(/[\\"\t\n\r\0]|[\x01-\x1f\x7f\x85\u2028\u2029\ufeff]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${body}"`;
}

/** Single quotes hold any printable text, tabs included; anything else falls back to double quotes. */
export function quoted(value: string, style: Style): string {
  // eslint-disable-next-line no-control-regex -- control characters cannot be written in single quotes
  if (style === 'single' && !/[\x00-\x08\n-\x1f\x7f\x85\u2028\u2029\ufeff]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  if (style === 'plain' && plainSafe(value)) return value;
  return doubleQuoted(value);
}

/** A path in the `path:` target syntax: plain keys joined by `.`, `["…"]` for odd keys, `[N]` for items. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[^.[\]"'\s=]+$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `["${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`;
  }
  return out;
}
