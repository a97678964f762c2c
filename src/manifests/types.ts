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
}

export type ProblemKind =
  | 'parse-error'
  | 'bad-marker'
  | 'unknown-policy'
  | 'ambiguous-marker'
  | 'downgrade-prevented'
  | 'no-digest'
  | 'not-a-scalar'
  | 'policy-error'
  | 'registry-error'
  | 'git-error'
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
}

export interface RewriteResult {
  /** The new text; identical (===) to the input text when nothing changed. */
  text: string;
  changes: Change[];
  problems: Problem[];
}
