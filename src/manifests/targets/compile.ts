import type { RefPart } from '../types.js';
import { globProblem } from './globs.js';
import type { HelmPaths, PolicyTarget, TargetSpec } from './types.js';
import { parseYamlPath } from './yaml-path.js';

/** One `spec.targets` entry as the schema reads it; the cross-field rules are checked here. */
export interface TargetInput {
  files: string[];
  helm?: 'auto' | HelmPaths;
  path?: string;
  part?: RefPart;
}

export interface TargetProblem {
  /** Path below the entry, e.g. `['files', 1]` or `['helm', 'tag']`. */
  field: (string | number)[];
  message: string;
}

const HELM_FIELDS = ['registry', 'repository', 'image', 'tag', 'digest'] as const;

/** Turns one entry into a target, or says what is wrong with it, field by field. */
export function compileTargetInput(
  input: TargetInput,
  owner: Omit<PolicyTarget, 'spec' | 'source'>,
): { target?: PolicyTarget; problems: TargetProblem[] } {
  const problems: TargetProblem[] = [];
  input.files.forEach((pattern, i) => {
    const why = globProblem(pattern);
    if (why) problems.push({ field: ['files', i], message: `"${pattern}": ${why}` });
  });
  if (input.files.every((p) => p.startsWith('!'))) {
    problems.push({ field: ['files'], message: 'needs at least one pattern that is not an exclusion ("!…")' });
  }
  if (input.helm !== undefined && input.path !== undefined) {
    problems.push({ field: ['path'], message: 'set either helm or path, not both' });
  }
  if (input.part !== undefined && input.path === undefined) {
    problems.push({ field: ['part'], message: 'part applies to a path target only (add path, or remove part)' });
  }
  if (input.path !== undefined) checkPath(input.path, ['path'], problems);
  if (input.helm !== undefined && input.helm !== 'auto') checkHelm(input.helm, problems);
  if (problems.length) return { problems };
  return { target: { ...owner, spec: toSpec(input) }, problems };
}

function toSpec(input: TargetInput): TargetSpec {
  if (input.path !== undefined) return { kind: 'path', files: input.files, path: input.path, part: input.part ?? 'whole' };
  if (input.helm !== undefined) return { kind: 'helm', files: input.files, helm: input.helm };
  return { kind: 'auto', files: input.files };
}

function checkHelm(helm: HelmPaths, problems: TargetProblem[]): void {
  for (const field of HELM_FIELDS) {
    const path = helm[field];
    if (path !== undefined) checkPath(path, ['helm', field], problems);
  }
  if (helm.tag === undefined && helm.digest === undefined) {
    problems.push({ field: ['helm'], message: 'name the value to write: tag, digest or both' });
  }
  if (helm.image !== undefined && (helm.repository !== undefined || helm.registry !== undefined)) {
    problems.push({ field: ['helm', 'image'], message: 'image holds the whole name; use it instead of registry + repository, not with them' });
  }
  if (helm.registry !== undefined && helm.repository === undefined) {
    problems.push({ field: ['helm', 'registry'], message: 'registry needs repository' });
  }
}

function checkPath(path: string, field: (string | number)[], problems: TargetProblem[]): void {
  const parsed = parseYamlPath(path);
  if (!parsed.ok) problems.push({ field, message: `"${path}" is not a YAML path: ${parsed.message}` });
}
