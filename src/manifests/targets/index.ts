export { rewriteTargets } from './rewrite-targets.js';
export type { TargetRewrite } from './rewrite-targets.js';
export { compileTarget, globProblem } from './globs.js';
export type { CompiledTarget } from './globs.js';
export { compileTargetInput } from './compile.js';
export type { TargetInput, TargetProblem } from './compile.js';
export { parseYamlPath, formatYamlPath } from './yaml-path.js';
export { ruleOf, targetLabel } from './types.js';
export type * from './types.js';
