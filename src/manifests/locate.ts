import { Composer, LineCounter, Parser, isAlias, isScalar } from 'yaml';
import type { Document, Scalar } from 'yaml';
import { markerComments } from './comments.js';
import { walkValues } from './nodes.js';
import type { ValueNode } from './nodes.js';
import type { FlowStyle } from './quote.js';
import { withYamlEnv } from './yaml-env.js';

/** A flow scalar a marker sits on: its source range (quotes included, anchor and tag excluded) and value. */
export interface MarkedScalar {
  kind: 'scalar';
  start: number;
  end: number;
  style: FlowStyle;
  /** The string value as written, before any YAML type resolution (`1.10` stays `"1.10"`). */
  value: string;
  /** `!!str` or `!`: the value is a string whatever it looks like. */
  stringTagged: boolean;
  /** 1-based line of the scalar's first byte. */
  line: number;
  /**
   * Outside every flow collection (`{…}`, `[…]`, where more characters end a plain scalar): known for
   * markers' scalars; absent means it may be inside one.
   */
  inBlock?: boolean;
}

export interface Unsupported {
  kind: 'unsupported';
  reason: string;
}

export interface MarkerSite {
  /** The whole comment token, `#` included. */
  comment: string;
  /** 1-based line of the comment. */
  line: number;
  target: MarkedScalar | Unsupported;
}

export type Located = { ok: true; sites: MarkerSite[] } | { ok: false; line: number; message: string };

const NOT_ON_A_VALUE: Unsupported = {
  kind: 'unsupported',
  reason: 'the marker does not follow a scalar value on its line; write it after the value, as in `image: repo:tag # {"$imagepolicy": "…"}`',
};
const ON_ALIAS: Unsupported = { kind: 'unsupported', reason: 'the marker is on an alias (*name); put it on the anchored value instead' };
const ON_FLOW_COLLECTION: Unsupported = {
  kind: 'unsupported',
  reason: 'the marker is on a flow collection ({…} or […]); markers apply to scalars only (split the collection over lines or use block style)',
};
/*
 * Block scalars are reported, not rewritten (our decision): the marker sits on the `|`/`>` header line
 * while the value lives on the lines below, and chomping and folding decide what the value really is,
 * so any rewrite would be a guess. A one-line image reference reads better as a plain scalar anyway.
 */
const ON_BLOCK_SCALAR: Unsupported = {
  kind: 'unsupported',
  reason: 'the marker is on a block scalar (| or >), which is never rewritten; write the value as a plain or quoted scalar',
};

/**
 * Parses the file once and pairs every marker comment with the node it follows on its line. Only a
 * comment with a value before it on the same line is a marker (Flux reads line comments only); a
 * marker-looking comment on a line of its own, e.g. a commented-out manifest, is ignored.
 */
export function locateMarkers(text: string): Located {
  const lines = new LineCounter();
  const { tokens, docs } = withYamlEnv(() => {
    const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
    return { tokens, docs: Array.from(new Composer({ uniqueKeys: false }).compose(tokens, false, text.length)) };
  });

  const comments = markerComments(tokens);
  const ends = comments.map((comment) => valueEndBefore(text, comment.offset));
  const wanted = new Set<number>();
  for (const end of ends) end?.forEach((position) => wanted.add(position));
  const { targets, firstError } = indexTargets(docs, wanted, text, lines);
  if (firstError) return { ok: false, line: lines.linePos(firstError.offset).line, message: firstError.message };

  const sites: MarkerSite[] = [];
  comments.forEach((comment, i) => {
    const candidates = ends[i];
    if (candidates === undefined) return;
    const target = candidates.map((position) => targets.get(position)).find((found) => found !== undefined);
    sites.push({ comment: comment.source, line: lines.linePos(comment.offset).line, target: target ?? NOT_ON_A_VALUE });
  });
  return { ok: true, sites };
}

/**
 * Where a value would end if the comment at `offset` is its line comment: just before the blanks that
 * precede it, or, inside a flow collection spanning lines, before a separating comma (`- a, # …`).
 * Undefined for a comment alone on its line.
 */
function valueEndBefore(text: string, offset: number): number[] | undefined {
  const end = skipBlanksBack(text, offset);
  const previous = text[end - 1];
  if (end === 0 || previous === '\n' || previous === '\r' || (end === 1 && previous === '\ufeff')) return undefined;
  return previous === ',' ? [end, skipBlanksBack(text, end - 1)] : [end];
}

function skipBlanksBack(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

type Targets = Map<number, MarkedScalar | Unsupported>;

interface Indexed {
  targets: Targets;
  firstError: { offset: number; message: string } | undefined;
}

/**
 * One walk over every document: the first YAML error, if any, and the nodes (other than mapping keys)
 * whose value ends at a wanted position, keyed by that position.
 */
function indexTargets(docs: readonly Document.Parsed[], wanted: ReadonlySet<number>, text: string, lines: LineCounter): Indexed {
  const targets: Targets = new Map();
  const errors = docs.flatMap((doc) => doc.errors.map((error) => ({ offset: error.pos[0], message: error.message })));
  const onValue = (node: ValueNode, inFlow: boolean) => {
    const end = node.range?.[1];
    if (isScalar(node)) indexScalar(node, inFlow, { wanted, text, lines, targets });
    else if (end === undefined || !wanted.has(end)) return;
    else if (isAlias(node)) targets.set(end, ON_ALIAS);
    else if (node.flow) targets.set(end, ON_FLOW_COLLECTION);
  };
  for (const doc of docs) errors.push(...walkValues(doc, onValue));
  const firstError = errors.reduce<Indexed['firstError']>((first, error) => (first && first.offset <= error.offset ? first : error), undefined);
  return { targets, firstError };
}

const BLOCK_HEADER = /[|>][-+0-9]*/y;

function indexScalar(
  node: Scalar,
  inFlow: boolean,
  { wanted, text, lines, targets }: { wanted: ReadonlySet<number>; text: string; lines: LineCounter; targets: Targets },
): void {
  const range = node.range;
  if (!range) return;
  const [start, end] = range;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    BLOCK_HEADER.lastIndex = start;
    if (BLOCK_HEADER.test(text) && wanted.has(BLOCK_HEADER.lastIndex)) targets.set(BLOCK_HEADER.lastIndex, ON_BLOCK_SCALAR);
    return;
  }
  // An empty (null) value has no bytes to replace: leave the marker to the "not on a value" report.
  if (start === end || !wanted.has(end)) return;
  targets.set(end, {
    kind: 'scalar',
    start,
    end,
    style: node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? node.type : 'PLAIN',
    value: node.source ?? String(node.value),
    stringTagged: node.tag === 'tag:yaml.org,2002:str' || node.tag === '!',
    line: lines.linePos(start).line,
    inBlock: !inFlow,
  });
}
