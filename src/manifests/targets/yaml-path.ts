import { isMap, isScalar, isSeq } from 'yaml';

/**
 * A path into a YAML document, as users write it in `path:` and `helm:` targets:
 * `spec.values.image.tag`, `spec.template.spec.containers[0].image`, `containers[name=web].image`
 * (the item of a list whose `name` is `web`), `metadata.annotations["example.com/image"]` (a key
 * holding dots). A leading `.` is allowed (`.spec.values`).
 */
export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'match'; key: string; value: string };

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

const BRACKET = /^\[(?:(\d+)|"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\]=]+)=([^\]]*))\]/;
const KEY = /^[^.[\]]+/;

export function parseYamlPath(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  let rest = path.startsWith('.') ? path.slice(1) : path;
  if (rest === '') return { ok: false, message: 'the path is empty' };
  let expectKey = true;
  while (rest !== '') {
    if (rest.startsWith('[')) {
      const m = BRACKET.exec(rest);
      if (!m) return { ok: false, message: `cannot read "${rest}": expected [N], ["key"] or [key=value]` };
      segments.push(bracketSegment(m));
      rest = rest.slice(m[0].length);
    } else if (expectKey) {
      const m = KEY.exec(rest);
      if (!m) return { ok: false, message: `empty key before "${rest}"` };
      segments.push({ kind: 'key', key: m[0] });
      rest = rest.slice(m[0].length);
    } else {
      return { ok: false, message: `expected "." or "[" before "${rest}"` };
    }
    expectKey = false;
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (rest === '' || rest.startsWith('.')) return { ok: false, message: 'empty key (a ".." or a trailing ".")' };
      expectKey = true;
    }
  }
  return { ok: true, segments };
}

function bracketSegment(m: RegExpExecArray): PathSegment {
  if (m[1] !== undefined) return { kind: 'index', index: Number(m[1]) };
  if (m[2] !== undefined) return { kind: 'key', key: m[2].replace(/\\(.)/g, '$1') };
  if (m[3] !== undefined) return { kind: 'key', key: m[3] };
  return { kind: 'match', key: (m[4] ?? '').trim(), value: (m[5] ?? '').trim() };
}

/** The node at `segments` below `root`, or undefined when any step is missing. */
export function resolveYamlPath(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of segments) {
    node = step(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

function step(node: unknown, segment: PathSegment): unknown {
  switch (segment.kind) {
    case 'key':
      return isMap(node) ? valueOf(node, segment.key) : undefined;
    case 'index':
      return isSeq(node) ? node.items[segment.index] : undefined;
    case 'match':
      if (!isSeq(node)) return undefined;
      return node.items.find((item) => isMap(item) && scalarText(valueOf(item, segment.key)) === segment.value);
  }
}

/** The value of `key` in a map, comparing scalar keys by their text (`1` and `"1"` alike). */
export function valueOf(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair?.value ?? undefined;
}

/** A scalar's value as text, or undefined for anything that is not a non-null scalar. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`; odd keys get `["…"]`. */
export function formatYamlPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[^.[\]"'\s]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
