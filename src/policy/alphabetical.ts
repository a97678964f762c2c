import { codeUnitCompare, directed, parseDirection, type CompiledOrdering } from './ordering.js';

/**
 * Plain code-unit order, as Flux's byte order (tags are ASCII, where the two agree). It is not a
 * version order: `1.0.9` sorts above `1.0.63`, so version-like tags want `semver` or `numerical`.
 * Every string is a value here, so nothing is unrankable.
 */
export function compileAlphabetical(order: unknown): CompiledOrdering<string> {
  const direction = parseDirection('alphabetical', order);
  if (typeof direction !== 'string') return { ordering: undefined, problems: [direction] };
  return {
    problems: [],
    ordering: {
      rank: (value) => value,
      admits: () => true,
      compare: directed(direction, codeUnitCompare),
    },
  };
}
