export { createSelector, validateRules } from './select.js';
export { DEFAULT_EXCLUSION_LIST } from './filter.js';
export { PolicyRulesError } from './types.js';
export { DEFAULT_MAX_CANDIDATES } from './newest.js';
export type { BuildDates, DateRanking, Ordering, RuleProblem, Selection, Selector, TagRules } from './types.js';
