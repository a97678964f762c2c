import type { Located } from './locate.js';
import type { ChangeRule, PolicyTarget, TargetFinding } from './targets/types.js';

/** Which part of an image reference a marker or target writes. */
export type RefPart = 'whole' | 'tag' | 'name' | 'digest';

/** What the cycle decided for one policy: the reference to write wherever the policy is named. */
export interface PolicyUpdate {
  /** `namespace:name` */
  id: string;
  /** The image repository exactly as the policy spells it (written by `:name` markers). */
  image: string;
  tag: string;
  /** `sha256:…`, present only when the policy tracks digests. */
  digest?: string;
  /**
   * How the digest follows the tag. `IfNotPresent` keeps a digest already written for the selected tag
   * (a moved tag is not followed); `Always` (or absent) writes `digest` wherever it differs.
   */
  digestReflection?: 'IfNotPresent' | 'Always';
  /** `org.opencontainers.image.source` of the selected image, when the scan read it. */
  source?: string;
  /** `org.opencontainers.image.revision` of the selected image, when the scan read it. */
  revision?: string;
  /** The policy's ordering (see Selector.compare), for the no-downgrade guard. */
  compare?: (a: string, b: string) => number | undefined;
}

/** One value that moved. Commit messages, PR bodies, `plan` output and metrics all render from these. */
export interface Change {
  /** Repo-relative path with `/` separators. */
  file: string;
  /** 1-based line of the scalar's first byte. */
  line: number;
  policy: string;
  part: RefPart;
  image: string;
  from: string;
  to: string;
  /** What moved the value: a marker, or one of the policy's `spec.targets`. */
  rule: ChangeRule;
  /** For targets: the index in the policy's `spec.targets`. */
  target?: number;
  /** For targets: what was found, e.g. `Deployment/web spec.template.spec.containers[name=web].image`. */
  found?: string;
}

export type ProblemKind =
  | 'parse-error'
  | 'bad-marker'
  | 'unknown-policy'
  | 'ambiguous-marker'
  | 'downgrade-prevented'
  | 'no-digest'
  | 'not-a-scalar'
  | 'target-conflict'
  | 'target-unmatched'
  | 'policy-error'
  | 'registry-error'
  /** Candidates were passed over: not usable (a platform missing, deleted since the listing) or not inspected (`maxCandidates`). */
  | 'candidate-skipped'
  | 'git-error'
  /** A pull request could not be found, opened or updated (the forge refused, or no forge is configured). */
  | 'forge-error'
  | 'file-error';

export interface Problem {
  kind: ProblemKind;
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
  policy?: string;
}

export interface RewriteInput {
  /** Repo-relative path, used only to label changes and problems. */
  file: string;
  text: string;
  /** Updates by policy id. A declared policy with no update this cycle (its registry failed) is absent here. */
  updates: ReadonlyMap<string, PolicyUpdate>;
  /** Ids of every declared policy, so a marker naming a policy without an update is not "unknown". */
  declared: ReadonlySet<string>;
  /** Targets whose globs match this file (and whose byte screen it passed). */
  targets?: readonly PolicyTarget[];
  /** Whether markers apply (the file is under the config's `paths`); default true. */
  markers?: boolean;
  /** `locateMarkers(text)` when it was already computed (by a worker thread); computed here when absent. */
  located?: Located;
}

export interface RewriteResult {
  /** The new text; identical (===) to the input text when nothing changed. */
  text: string;
  changes: Change[];
  problems: Problem[];
  /** What each target found in the file, changed or not. */
  found?: TargetFinding[];
}
