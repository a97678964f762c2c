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
export function walkValues(doc: Document.Parsed, onValue: (node: ValueNode, inFlow: boolean) => void): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  // [node, inside a key, inside a flow collection ({…} or […})]
  const stack: [unknown, boolean, boolean][] = [[doc.contents, false, false]];
  while (stack.length > 0) {
    const [node, inKey, inFlow] = stack.pop() as [unknown, boolean, boolean];
    if (isScalar(node) || isAlias(node)) {
      if (!inKey) onValue(node, inFlow);
    } else if (isMap(node) || isSeq(node)) {
      if (!inKey) onValue(node, inFlow);
      if (isMap(node)) checkUniqueKeys(node, duplicates);
      const flow = inFlow || Boolean(node.flow);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) stack.push([item.key, true, flow], [item.value, inKey, flow]);
        else stack.push([item, inKey, flow]);
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
