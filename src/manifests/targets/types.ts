import type { RefPart } from '../types.js';

/** YAML paths (see yaml-path.ts) of the scalars that hold one image in a Helm values layout. */
export interface HelmPaths {
  /** Registry host, combined with `repository`. */
  registry?: string;
  /** Repository path; the whole name when no `registry` is given. */
  repository?: string;
  /** The whole image name in one scalar (`ghcr.io/acme/web`); an alternative to registry + repository. */
  image?: string;
  tag?: string;
  digest?: string;
}

/** Where a policy's image lives, declared on the policy instead of with markers in the files. */
export type TargetSpec =
  | { kind: 'auto'; files: readonly string[] }
  | { kind: 'helm'; files: readonly string[]; helm: 'auto' | HelmPaths }
  | { kind: 'path'; files: readonly string[]; path: string; part: RefPart };

/** One entry of a policy's `spec.targets`, with what the rewrite needs to know about its policy. */
export interface PolicyTarget {
  /** `namespace:name` of the policy. */
  policy: string;
  /** The policy's `spec.image`: references to this repository are the ones a target updates. */
  image: string;
  /** Position in `spec.targets`, for reports (`targets[1]`). */
  index: number;
  spec: TargetSpec;
  /** Where the target is declared, for warnings about it. */
  source?: { file: string; line: number };
}

/** Which rule moved a value: a marker in the file, or one of the policy's targets. */
export type ChangeRule = 'marker' | 'target:auto' | 'target:helm' | 'target:path';

/** Something a target found in a file: what `plan` lists so a reviewer sees what auto-detection picked. */
export interface TargetFinding {
  policy: string;
  target: number;
  file: string;
  line: number;
  /** What was found, e.g. `Deployment/web spec.template.spec.containers[0].image` or `image.repository + image.tag`. */
  found: string;
}

export function ruleOf(spec: TargetSpec): ChangeRule {
  return `target:${spec.kind}`;
}

export function targetLabel(policy: string, index: number): string {
  return `${policy} targets[${index}]`;
}
