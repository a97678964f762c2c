import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';

export type NodePath = readonly (string | number)[];

/**
 * Calls `visit` for every mapping at or below `root`, with its path, in document order. An explicit
 * stack, so a deeply nested file cannot overflow; aliases are not followed (their anchor is visited
 * where it is written), so a file cannot make the walk revisit a subtree.
 */
export function eachMap(root: unknown, base: NodePath, visit: (map: YAMLMap, path: NodePath) => void): void {
  const stack: [unknown, NodePath][] = [[root, base]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, NodePath];
    const children: [unknown, NodePath][] = [];
    if (isMap(node)) {
      visit(node, path);
      for (const pair of node.items) {
        if (isScalar(pair.key)) children.push([pair.value, [...path, String(pair.key.value)]]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => children.push([item, [...path, i]]));
    }
    stack.push(...children.reverse());
  }
}

/** The string keys of a map, for layout detection. */
export function keysOf(map: YAMLMap): Set<string> {
  const keys = new Set<string>();
  for (const pair of map.items) if (isScalar(pair.key)) keys.add(String(pair.key.value));
  return keys;
}
