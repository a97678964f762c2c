import { isAlias, isScalar } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { MarkedScalar, Unsupported } from '../locate.js';

/** The parsed document a node belongs to, with the line index of its file. */
export interface Source {
  doc: Document.Parsed;
  lines: LineCounter;
}

/** A scalar a target may rewrite: the same shape a marker's scalar has, so the same splice rules apply. */
export type Slot = MarkedScalar;

const BLOCK: Unsupported = {
  kind: 'unsupported',
  reason: 'the value is a block scalar (| or >), which is never rewritten; write it as a plain or quoted scalar',
};
const ALIAS: Unsupported = { kind: 'unsupported', reason: 'the value is an alias (*name); point the target at the anchored value instead' };
const COLLECTION: Unsupported = { kind: 'unsupported', reason: 'the path leads to a mapping or a list, not to a scalar' };

/**
 * The rewritable scalar at `node`, why it cannot be rewritten, or undefined when there is nothing to
 * write (no node, or a null value with no bytes to replace).
 */
export function slotOf(node: unknown, src: Source): Slot | Unsupported | undefined {
  if (node === undefined || node === null) return undefined;
  if (isAlias(node)) return ALIAS;
  if (!isScalar(node)) return COLLECTION;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return BLOCK;
  const range = node.range;
  if (!range || range[0] === range[1] || node.value === null) return undefined;
  return {
    kind: 'scalar',
    start: range[0],
    end: range[1],
    style: node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? node.type : 'PLAIN',
    value: node.source ?? String(node.value),
    stringTagged: node.tag === 'tag:yaml.org,2002:str' || node.tag === '!',
    line: src.lines.linePos(range[0]).line,
  };
}

/**
 * A scalar found by auto-detection: only rewritable scalars count; anything odd is not an image. An
 * alias (`image: *web`, common in compose files' `x-` blocks) stands for its anchored scalar, which
 * is where the bytes to rewrite are.
 */
export function autoSlot(node: unknown, src: Source): Slot | undefined {
  const slot = slotOf(isAlias(node) ? node.resolve(src.doc) : node, src);
  return slot?.kind === 'scalar' && slot.value !== '' ? slot : undefined;
}
