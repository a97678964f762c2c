import type { Entry, Item, MapNode, PathKey, Rng, ScalarNode, SeqNode, Style, YNode } from './yaml-gen-model.js';

/*
 * Filler: the arbitrary YAML around the images. Its keys and values never name an image a policy
 * watches, and never use the keys auto-detection looks for (`image`, `tag`, `containers`, …), so every
 * value the rewrite may touch is one the generator placed on purpose.
 */

const KEYS = [
  'alpha', 'beta', 'gamma', 'delta', 'config', 'data', 'labels', 'ports', 'env', 'value', 'enabled', 'replicas',
  'x-extra', 'with space', 'dotted.key', 'ünïcödé', 'ключ', '键', 'emoji😀', 'colon:key', 'hash#key', 'quote"key',
  "apos'key", '[bracket]', 'a/b', 'back\\slash', 'tab\tkey', 'eq=sign', '-dash', '?q',
];

const VALUES = [
  'hello', '42', '-7', '3.14', 'true', 'false', 'null', '~', '', '0x1F', '2024-03-15', 'yes', 'No', 'on', 'some text with spaces',
  'ünïcödé ☃', '中文字符', 'emoji 😀🚀', 'tab\there', 'line\nbreak', 'quote " inside', "apos ' inside", 'back\\slash',
  '# not a comment', 'key: value', '- dash', '[not, a, list]', '{not: map}', '&notanchor', '*notalias', '!nottag', '%percent',
  '@at', '`backtick', 'ends with colon:', 'http://example.com/x?y=1#frag', 'see # {"$imagepolicy": "apps:m0"}', '\u00a0nbsp',
  'zero\u200bwidth', 'CR\rinside', '...', '---',
];

const BLOCK_LINES = ['first line', 'second: with a colon', '# not a comment', '  indented more', '', 'image: not/an:image # {"$imagepolicy": "apps:m0"}', 'last'];
const COMMENTS = ['# a comment', '#no space', '#\ttab\tin comment', '# ünïcödé ☃ 😀', '#', '# ---', '# key: [unclosed'];
/** Comment lines of their own may hold a marker: a commented-out manifest, which must stay inert. */
const OWN_LINE_COMMENTS = [...COMMENTS, '# image: x:1 # {"$imagepolicy": "apps:m0"}', '#   - image: y:2 # {"$imagepolicy": "default:p0"}'];

export interface Slot {
  node: ScalarNode;
  doc: number;
  path: PathKey[];
  /** Where a marker comment goes: set when the scalar ends its line (block context or a multi-line flow item). */
  holder?: Entry | Item;
}

export interface DocState {
  rng: Rng;
  doc: number;
  size: number;
  /** Anchors defined so far in this document, for aliases. */
  anchors: string[];
  nextAnchor: { n: number };
  slots: Slot[];
  maps: { node: MapNode; path: PathKey[] }[];
}

const STYLES: Style[] = ['plain', 'plain', 'single', 'double'];

export function fillerScalar(s: DocState, blockOk: boolean): ScalarNode {
  const { rng } = s;
  if (blockOk && rng.chance(0.05)) {
    const lines = Array.from({ length: rng.int(1, 4) }, (_, i) => (i === 0 ? 'first line' : rng.pick(BLOCK_LINES)));
    return { kind: 'scalar', value: lines.join('\n'), style: 'plain', block: rng.pick(['|', '|-', '>', '>-']) };
  }
  let value = rng.chance(0.7) ? rng.pick(VALUES) : String(rng.int(-1000, 100000));
  if (rng.chance(0.003)) value = `long ${'x'.repeat(rng.int(1000, 6000))} end`;
  const node: ScalarNode = { kind: 'scalar', value, style: rng.pick(STYLES) };
  if (blockOk && value.includes(' ') && rng.chance(0.05)) node.folded = true;
  if (rng.chance(0.05)) node.strTag = true;
  return node;
}

/** A line comment after a value: never marker-like, or it would be read as a (broken) marker. */
export function comment(rng: Rng): string {
  return `${rng.pick([' ', '  ', '\t'])}${rng.pick(COMMENTS)}`;
}

function anchorName(s: DocState): string {
  return `a${s.nextAnchor.n++}`;
}

/** A value at `path`; `flow` when inside a flow collection (everything below is written inline). */
export function fillerNode(s: DocState, path: PathKey[], depth: number, flow: boolean, holder?: Entry | Item): YNode {
  const { rng } = s;
  const roll = rng.next();
  const leaf = depth >= 1 + Math.min(2, Math.floor(s.size / 4));
  if (s.anchors.length > 0 && roll < 0.1) return { kind: 'alias', name: rng.pick(s.anchors) };
  if (leaf || roll < 0.55) {
    const node = fillerScalar(s, !flow);
    if (node.block === undefined && !node.folded) s.slots.push({ node, doc: s.doc, path, holder });
    if (rng.chance(0.08)) node.anchor = anchorName(s);
    if (node.anchor) s.anchors.push(node.anchor);
    return node;
  }
  const collection = roll < 0.8 ? fillerMap(s, path, depth, flow) : fillerSeq(s, path, depth, flow);
  if (rng.chance(0.04)) {
    collection.anchor = anchorName(s);
    s.anchors.push(collection.anchor);
  }
  return collection;
}

export function fillerMap(s: DocState, path: PathKey[], depth: number, flow: boolean, suffix = ''): MapNode {
  const { rng } = s;
  const node: MapNode = { kind: 'map', flow: flow || rng.chance(0.2), entries: [] };
  if (node.flow && !flow && rng.chance(0.4)) node.multiline = true;
  const inFlow = node.flow;
  const keys = new Set<string>();
  const count = rng.chance(0.03) ? 0 : rng.int(1, 1 + Math.ceil(s.size / 3));
  for (let i = 0; i < count; i++) {
    let key = `${rng.pick(KEYS)}${suffix}`;
    while (keys.has(key)) key = `${key}${i}`;
    keys.add(key);
    const entry: Entry = { key, keyStyle: rng.pick(STYLES), value: { kind: 'scalar', value: '', style: 'plain' } };
    const marks = !inFlow || node.multiline;
    entry.value = fillerNode(s, [...path, key], depth + 1, inFlow, marks ? entry : undefined);
    if (!inFlow && rng.chance(0.1)) entry.before = [rng.chance(0.3) ? '' : rng.pick(OWN_LINE_COMMENTS)];
    if (marks && rng.chance(0.12)) entry.comment = comment(rng);
    if (!inFlow && rng.chance(0.05)) entry.nextLine = true;
    node.entries.push(entry);
  }
  s.maps.push({ node, path });
  return node;
}

export function fillerSeq(s: DocState, path: PathKey[], depth: number, flow: boolean): SeqNode {
  const { rng } = s;
  const node: SeqNode = { kind: 'seq', flow: flow || rng.chance(0.2), items: [] };
  if (node.flow && !flow && rng.chance(0.4)) node.multiline = true;
  const count = rng.chance(0.03) ? 0 : rng.int(1, 1 + Math.ceil(s.size / 3));
  for (let i = 0; i < count; i++) {
    const item: Item = { value: { kind: 'scalar', value: '', style: 'plain' } };
    const marks = !node.flow || node.multiline;
    item.value = fillerNode(s, [...path, i], depth + 1, node.flow, marks ? item : undefined);
    if (!node.flow && rng.chance(0.08)) item.before = [rng.pick(OWN_LINE_COMMENTS)];
    if (marks && rng.chance(0.1)) item.comment = comment(rng);
    node.items.push(item);
  }
  return node;
}
