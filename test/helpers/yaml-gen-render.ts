import type { Entry, Item, MapNode, ScalarNode, SeqNode, YNode } from './yaml-gen-model.js';
import { doubleQuoted, quoted } from './yaml-gen-model.js';

/** How a tree is laid out: the indentation step of nested block collections (any width is valid YAML). */
export interface Layout {
  step: number;
  /** Block sequences under a key start at the key's column (`key:\n- a`), as kubectl writes them. */
  flushSeqs: boolean;
}

const pad = (n: number) => ' '.repeat(n);
const anchorOf = (node: { anchor?: string }) => (node.anchor ? `&${node.anchor} ` : '');

function scalarText(node: ScalarNode): string {
  const tag = node.strTag ? '!!str ' : '';
  return `${anchorOf(node)}${tag}${quoted(node.value, node.style)}`;
}

/** A double-quoted scalar over two lines: the line break folds to one space. */
function foldedText(node: ScalarNode, indent: number): string[] {
  const cut = node.value.indexOf(' ');
  const text = doubleQuoted(node.value);
  if (cut < 0) return [`${anchorOf(node)}${text}`];
  const head = doubleQuoted(node.value.slice(0, cut)).slice(0, -1);
  const tail = doubleQuoted(node.value.slice(cut + 1)).slice(1);
  return [`${anchorOf(node)}${head}`, `${pad(indent)}${tail}`];
}

/** Whether the node is written on its key's (or dash's) line. */
function inline(node: YNode): boolean {
  if (node.kind === 'scalar') return node.block === undefined;
  if (node.kind === 'alias') return true;
  return node.flow || (node.kind === 'map' ? node.entries.length === 0 : node.items.length === 0);
}

/** A node written on one line: scalars, aliases and single-line flow collections. */
export function flowText(node: YNode): string {
  switch (node.kind) {
    case 'scalar':
      return scalarText(node);
    case 'alias':
      return `*${node.name}`;
    case 'map':
      return `${anchorOf(node)}{${node.entries.map((e) => `${quoted(e.key, e.keyStyle)}: ${flowText(e.value)}`).join(', ')}}`;
    case 'seq':
      return `${anchorOf(node)}[${node.items.map((i) => flowText(i.value)).join(', ')}]`;
  }
}

/** The lines of a node that follows `head` (a key and colon, or a dash) on the first line. */
function renderValue(head: string, node: YNode, comment: string, indent: number, layout: Layout, out: string[]): void {
  if (node.kind === 'scalar' && node.folded) {
    const [first, ...rest] = foldedText(node, indent + layout.step);
    out.push(`${head} ${first}`, ...rest.map((line, i) => (i === rest.length - 1 ? `${line}${comment}` : line)));
  } else if (node.kind === 'scalar' && node.block !== undefined) {
    out.push(`${head} ${anchorOf(node)}${node.block}${comment}`);
    for (const line of node.value.split('\n')) out.push(line === '' ? '' : `${pad(indent + layout.step)}${line}`);
  } else if ((node.kind === 'map' || node.kind === 'seq') && node.flow && node.multiline) {
    renderMultilineFlow(head, node, indent + layout.step, out);
  } else if (inline(node)) {
    out.push(`${head} ${flowText(node)}${comment}`);
  } else if (node.kind === 'map') {
    out.push(`${head}${node.anchor ? ` &${node.anchor}` : ''}${comment}`);
    renderBlockMap(node, indent + layout.step, layout, out);
  } else if (node.kind === 'seq') {
    out.push(`${head}${node.anchor ? ` &${node.anchor}` : ''}${comment}`);
    renderBlockSeq(node, indent + (layout.flushSeqs && head.endsWith(':') ? 0 : layout.step), layout, out);
  }
}

export function renderMultilineFlow(head: string, node: MapNode | SeqNode, indent: number, out: string[]): void {
  const [open, close] = node.kind === 'map' ? ['{', '}'] : ['[', ']'];
  out.push(`${head}${head === '' ? '' : ' '}${anchorOf(node)}${open}`);
  const items: { text: string; comment?: string }[] = node.kind === 'map'
    ? node.entries.map((e) => ({ text: `${quoted(e.key, e.keyStyle)}: ${flowText(e.value)}`, comment: e.comment }))
    : node.items.map((i) => ({ text: flowText(i.value), comment: i.comment }));
  for (const item of items) out.push(`${pad(indent)}${item.text},${item.comment ?? ''}`);
  out.push(`${pad(indent)}${close}`);
}

export function renderBlockMap(node: MapNode, indent: number, layout: Layout, out: string[]): void {
  for (const entry of node.entries) renderEntry(entry, indent, layout, out);
}

function renderEntry(entry: Entry, indent: number, layout: Layout, out: string[]): void {
  for (const line of entry.before ?? []) out.push(`${pad(indent)}${line}`);
  const head = `${pad(indent)}${quoted(entry.key, entry.keyStyle)}:`;
  const comment = entry.comment ?? '';
  if (entry.nextLine && entry.value.kind === 'scalar' && entry.value.block === undefined && !entry.value.folded) {
    out.push(head);
    out.push(`${pad(indent + layout.step)}${scalarText(entry.value)}${comment}`);
    return;
  }
  renderValue(head, entry.value, comment, indent, layout, out);
}

export function renderBlockSeq(node: SeqNode, indent: number, layout: Layout, out: string[]): void {
  for (const item of node.items) renderItem(item, indent, layout, out);
}

function renderItem(item: Item, indent: number, layout: Layout, out: string[]): void {
  for (const line of item.before ?? []) out.push(`${pad(indent)}${line}`);
  const value = item.value;
  if (value.kind === 'map' && !inline(value) && !value.multiline && value.anchor) {
    out.push(`${pad(indent)}- &${value.anchor}${item.comment ?? ''}`);
    renderBlockMap(value, indent + 2, layout, out);
    return;
  }
  if (value.kind === 'map' && !inline(value) && !value.multiline) {
    // `- key: value` with the other entries below, aligned with the first key.
    const lines: string[] = [];
    const [first, ...rest] = value.entries;
    renderEntry({ ...first!, before: [] }, indent + 2, layout, lines);
    lines[0] = `${pad(indent)}- ${lines[0]!.slice(indent + 2)}`;
    out.push(...lines);
    for (const entry of rest) renderEntry(entry, indent + 2, layout, out);
    return;
  }
  if (value.kind === 'seq' && !inline(value) && !value.multiline) {
    out.push(`${pad(indent)}-${value.anchor ? ` &${value.anchor}` : ''}${item.comment ?? ''}`);
    renderBlockSeq(value, indent + 2, layout, out);
    return;
  }
  renderValue(`${pad(indent)}-`, value, item.comment ?? '', indent, layout, out);
}

/** The lines of one document's root node. */
export function renderRoot(node: YNode, layout: Layout): string[] {
  const out: string[] = [];
  if (node.kind === 'map' && !inline(node) && !node.multiline) renderBlockMap(node, 0, layout, out);
  else if (node.kind === 'seq' && !inline(node) && !node.multiline) renderBlockSeq(node, 0, layout, out);
  else if ((node.kind === 'map' || node.kind === 'seq') && node.multiline) renderMultilineFlow('', node, layout.step, out);
  else out.push(flowText(node));
  return out;
}
