export { createSelector, validateRules } from './select.js';
export { DEFAULT_EXCLUSION_LIST } from './filter.js';
export { PolicyRulesError } from './types.js';
export type { Ordering, RuleProblem, Selection, Selector, TagRules } from './types.js';
