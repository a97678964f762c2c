import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, visit, YAMLParseError, type Document, type Node } from 'yaml';
import { excessiveNesting, MAX_NESTING } from '../manifests/nesting.js';
import { walkValues } from '../manifests/nodes.js';

export type YamlPath = readonly PropertyKey[];

/** A parsed YAML file that can say on which line a path's value starts. */
export interface LocatedDocument {
  doc: Document.Parsed;
  /** 1-based line of the node at `path`, else of its nearest existing ancestor; `missing` asks for the document's line. */
  lineOf(path: YamlPath, missing?: 'ancestor' | 'document'): number;
  /** 1-based line of the key `key` inside the map at `path`. */
  lineOfKey(path: YamlPath, key: string): number;
  /**
   * The document as plain data, or why it cannot be: aliases that expand past a small budget (a
   * "billion laughs" bomb is a few lines that expand to gigabytes) are refused at the first alias.
   */
  toJS(): { ok: true; value: unknown } | { ok: false; line: number; message: string };
}

/** Why a text must not be parsed at all: nesting that would cost `yaml` minutes and gigabytes. */
export function unparsable(text: string): { line: number; message: string } | undefined {
  const line = excessiveNesting(text);
  return line === undefined ? undefined : { line, message: `cannot parse YAML: collections nested more than ${MAX_NESTING} levels deep` };
}

/** Aliases a document may expand: far more than any policy or config needs, far fewer than a bomb uses. */
const MAX_ALIAS_COUNT = 100;

export function parseLocated(text: string): LocatedDocument[] {
  const counter = new LineCounter();
  // `yaml`'s own unique-key check compares every key with every other: minutes on a big map. The same
  // rule is checked linearly here and reported like any parse error.
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const lineAt = (offset: number) => counter.linePos(offset).line;
  for (const doc of list) {
    for (const dup of walkValues(doc, () => undefined)) {
      const error = new YAMLParseError([dup.offset, dup.offset + 1], 'DUPLICATE_KEY', dup.message);
      error.linePos = [counter.linePos(dup.offset)];
      doc.errors.push(error);
    }
  }
  return list.map((doc) => locate(doc, lineAt));
}

function locate(doc: Document.Parsed, lineAt: (offset: number) => number): LocatedDocument {
  const docLine = lineAt(firstContentOffset(doc));
  const nodeLine = (node: unknown) => (isNode(node) && node.range ? lineAt(node.range[0]) : undefined);
  // The line of a mapping's key is where a reader looks for the field, even when its value starts below.
  const keyLine = (path: YamlPath): number | undefined => {
    const last = path.at(-1);
    if (typeof last !== 'string') return undefined;
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as PropertyKey[], true) : doc.contents;
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    return pair ? nodeLine(pair.key) : undefined;
  };
  return {
    doc,
    lineOf(path, missing = 'ancestor') {
      const exact = keyLine(path) ?? nodeLine(doc.getIn(path as PropertyKey[], true));
      if (exact !== undefined) return exact;
      if (missing === 'document') return docLine;
      for (let n = path.length - 1; n > 0; n--) {
        const line = nodeLine(doc.getIn(path.slice(0, n) as PropertyKey[], true));
        if (line !== undefined) return line;
      }
      return docLine;
    },
    lineOfKey(path, key) {
      return keyLine([...path, key]) ?? nodeLine(path.length ? doc.getIn(path as PropertyKey[], true) : doc.contents) ?? docLine;
    },
    toJS() {
      try {
        return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
      } catch (err) {
        const bomb = err instanceof ReferenceError && /alias count/i.test(err.message);
        const message = bomb
          ? `its aliases expand to more than ${MAX_ALIAS_COUNT} times their anchors (a "billion laughs" YAML bomb?); the document is not read`
          : `cannot read the document: ${(err as Error).message}`;
        return { ok: false, line: (bomb ? firstAliasLine(doc, lineAt) : undefined) ?? docLine, message };
      }
    },
  };
}

function firstAliasLine(doc: Document.Parsed, lineAt: (offset: number) => number): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) line = lineAt(node.range[0]);
      return visit.BREAK;
    },
  });
  return line;
}

function firstContentOffset(doc: Document.Parsed): number {
  const contents = doc.contents as Node | null;
  if (contents && (isMap(contents) || isSeq(contents) || isScalar(contents)) && contents.range) {
    const first = isMap(contents) ? contents.items[0]?.key : undefined;
    if (isNode(first) && first.range) return first.range[0];
    return contents.range[0];
  }
  return doc.range[0];
}
