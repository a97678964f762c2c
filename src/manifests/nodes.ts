import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export type ValueNode = Scalar | Alias | YAMLMap | YAMLSeq;

export interface DuplicateKey {
  offset: number;
  message: string;
}

/**
 * Calls `onValue` for every node that is not (part of) a mapping key, and returns the duplicate keys
 * found on the way. One explicit-stack walk: `yaml`'s own `visit` allocates a path per node, and its
 * built-in unique-key check compares every key with every other (quadratic on large maps), so the
 * composer runs with `uniqueKeys: false` and the check happens here with a set per map.
 */
export function walkValues(doc: Document.Parsed, onValue: (node: ValueNode) => void): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  const stack: [unknown, boolean][] = [[doc.contents, false]];
  while (stack.length > 0) {
    const [node, inKey] = stack.pop() as [unknown, boolean];
    if (isScalar(node) || isAlias(node)) {
      if (!inKey) onValue(node);
    } else if (isMap(node) || isSeq(node)) {
      if (!inKey) onValue(node);
      if (isMap(node)) checkUniqueKeys(node, duplicates);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) stack.push([item.key, true], [item.value, inKey]);
        else stack.push([item, inKey]);
      }
    }
  }
  return duplicates;
}

/** Same rule as `yaml`'s default: scalar keys are equal when their resolved values are. */
function checkUniqueKeys(map: YAMLMap, duplicates: DuplicateKey[]): void {
  const seen = new Set<unknown>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (seen.has(pair.key.value)) {
      duplicates.push({ offset: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
    }
    seen.add(pair.key.value);
  }
}
