import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export type YamlPath = readonly PropertyKey[];

/** A parsed YAML file that can say on which line a path's value starts. */
export interface LocatedDocument {
  doc: Document.Parsed;
  /** 1-based line of the node at `path`, else of its nearest existing ancestor; `missing` asks for the document's line. */
  lineOf(path: YamlPath, missing?: 'ancestor' | 'document'): number;
  /** 1-based line of the key `key` inside the map at `path`. */
  lineOfKey(path: YamlPath, key: string): number;
}

export function parseLocated(text: string): LocatedDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const lineAt = (offset: number) => counter.linePos(offset).line;
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
  };
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
