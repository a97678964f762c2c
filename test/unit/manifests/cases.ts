import type { PolicyUpdate, ProblemKind, RefPart } from '../../../src/manifests/index.js';

export const DIGEST_OLD = `sha256:${'0'.repeat(64)}`;
export const DIGEST_NEW = `sha256:${'1'.repeat(64)}`;

/** A small stand-in for a semver policy's ordering: `[v]X.Y.Z` only, undefined for anything else. */
export function compareDotted(a: string, b: string): number | undefined {
  const parse = (tag: string) => /^v?(\d+)\.(\d+)\.(\d+)$/.exec(tag)?.slice(1).map(Number);
  const [x, y] = [parse(a), parse(b)];
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export function compareNumbers(a: string, b: string): number | undefined {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : undefined;
}

/** What the cycle decided, shared by every golden case. */
export const UPDATES: readonly PolicyUpdate[] = [
  { id: 'apps:web', image: 'registry.example.com:5000/team/web', tag: '1.25.3', compare: compareDotted },
  { id: 'apps:pinned', image: 'ghcr.io/acme/web', tag: '2.1.0', digest: DIGEST_NEW, compare: compareDotted },
  { id: 'default:worker', image: 'worker', tag: '20240315', compare: compareNumbers },
  { id: 'default:api', image: 'api', tag: 'v3.2.1', compare: compareDotted },
  { id: 'apps:decimal', image: 'decimal', tag: '1.10' },
  { id: 'apps:boolish', image: 'boolish', tag: 'yes' },
  { id: 'apps:quirky', image: `odd"name'with\\slashes`, tag: 'x' },
];

/** `apps:offline` is declared but has no update: its registry "failed" this cycle. */
export const DECLARED: ReadonlySet<string> = new Set([...UPDATES.map((update) => update.id), 'apps:offline']);

export interface ExpectedChange {
  line: number;
  policy: string;
  part: RefPart;
  from: string;
  to: string;
}

export interface ExpectedProblem {
  kind: ProblemKind;
  line: number;
}

export interface GoldenCase {
  /** Directory under test/fixtures/rewrite holding input.yaml and expected.yaml. */
  fixture: string;
  changes: readonly ExpectedChange[];
  problems: readonly ExpectedProblem[];
  /** Run this case again with CRLF line endings generated from the LF fixture. */
  crlf?: boolean;
}

const WEB = 'registry.example.com:5000/team/web';
const web = (line: number, from: string, to = `${WEB}:1.25.3`): ExpectedChange =>
  ({ line, policy: 'apps:web', part: 'whole', from, to });

export const CASES: readonly GoldenCase[] = [
  { fixture: 'whole-deployment', changes: [web(13, `${WEB}:1.24.0`)], problems: [], crlf: true },
  {
    fixture: 'kustomization',
    crlf: true,
    problems: [],
    changes: [
      { line: 7, policy: 'apps:web', part: 'name', from: 'old.example.com/web', to: WEB },
      { line: 8, policy: 'apps:web', part: 'tag', from: '1.24.0', to: '1.25.3' },
      { line: 11, policy: 'apps:pinned', part: 'tag', from: '2.0.0', to: '2.1.0' },
      { line: 12, policy: 'apps:pinned', part: 'digest', from: DIGEST_OLD, to: DIGEST_NEW },
    ],
  },
  {
    fixture: 'cronjob-two-containers',
    problems: [],
    changes: [{ line: 13, policy: 'default:worker', part: 'whole', from: 'worker:20240101', to: 'worker:20240315' }],
  },
  {
    fixture: 'multidoc',
    crlf: true,
    problems: [],
    changes: [
      web(24, 'web:1.24.0'),
      { line: 32, policy: 'apps:pinned', part: 'whole', from: `ghcr.io/acme/web:2.0.0@${DIGEST_OLD}`, to: `ghcr.io/acme/web:2.1.0@${DIGEST_NEW}` },
    ],
  },
  {
    fixture: 'quoted',
    problems: [],
    changes: [
      web(1, `${WEB}:1.24.0`),
      web(2, `${WEB}:1.24.0`),
      { line: 3, policy: 'apps:web', part: 'tag', from: '1.24.0', to: '1.25.3' },
      { line: 4, policy: 'apps:web', part: 'tag', from: '1.24.0', to: '1.25.3' },
      { line: 5, policy: 'apps:quirky', part: 'name', from: "it's", to: `odd"name'with\\slashes` },
      { line: 6, policy: 'apps:quirky', part: 'name', from: 'plain', to: `odd"name'with\\slashes` },
    ],
  },
  {
    fixture: 'needs-quotes',
    problems: [],
    changes: [
      { line: 3, policy: 'default:worker', part: 'tag', from: '20240101', to: '20240315' },
      { line: 5, policy: 'apps:decimal', part: 'tag', from: 'v1.9', to: '1.10' },
      { line: 7, policy: 'apps:decimal', part: 'tag', from: '1.9', to: '1.10' },
      { line: 9, policy: 'apps:decimal', part: 'tag', from: '1.9', to: '1.10' },
      { line: 11, policy: 'apps:boolish', part: 'tag', from: 'v1', to: 'yes' },
    ],
  },
  {
    fixture: 'anchors',
    problems: [{ kind: 'not-a-scalar', line: 8 }],
    changes: [web(2, `${WEB}:1.24.0`), { line: 3, policy: 'apps:web', part: 'tag', from: '1.24.0', to: '1.25.3' }],
  },
  {
    fixture: 'flow',
    problems: [{ kind: 'not-a-scalar', line: 1 }],
    changes: [
      web(3, 'web:1.24.0'),
      web(7, 'web:1.24.0'),
      { line: 8, policy: 'apps:web', part: 'tag', from: '1.24.0', to: '1.25.3' },
      web(11, 'web:1.24.0'),
      web(12, 'web:1.24.0'),
      web(13, 'web:1.24.0'),
    ],
  },
  {
    fixture: 'problems',
    crlf: true,
    problems: [
      { kind: 'unknown-policy', line: 10 },
      { kind: 'ambiguous-marker', line: 12 },
      { kind: 'bad-marker', line: 14 },
      { kind: 'bad-marker', line: 16 },
      { kind: 'bad-marker', line: 18 },
      { kind: 'not-a-scalar', line: 20 },
      { kind: 'not-a-scalar', line: 27 },
    ],
    changes: [{ line: 25, policy: 'default:api', part: 'whole', from: 'api:v3.0.0', to: 'api:v3.2.1' }],
  },
  { fixture: 'parse-error', problems: [{ kind: 'parse-error', line: 9 }], changes: [] },
  {
    fixture: 'downgrade',
    problems: [{ kind: 'downgrade-prevented', line: 2 }, { kind: 'downgrade-prevented', line: 3 }],
    changes: [web(4, `${WEB}:1.24.0`), web(5, `${WEB}:latest`)],
  },
  {
    fixture: 'digests',
    problems: [{ kind: 'no-digest', line: 5 }],
    changes: [
      { line: 1, policy: 'apps:pinned', part: 'whole', from: 'ghcr.io/acme/web:2.0.0', to: `ghcr.io/acme/web:2.1.0@${DIGEST_NEW}` },
      { line: 2, policy: 'apps:pinned', part: 'whole', from: `ghcr.io/acme/web:2.1.0@${DIGEST_OLD}`, to: `ghcr.io/acme/web:2.1.0@${DIGEST_NEW}` },
      web(3, `${WEB}:1.24.0@${DIGEST_OLD}`),
      { line: 4, policy: 'apps:pinned', part: 'digest', from: DIGEST_OLD, to: DIGEST_NEW },
    ],
  },
  { fixture: 'bom', problems: [], changes: [web(5, 'web:1.24.0')], crlf: true },
  { fixture: 'no-final-newline', problems: [], changes: [web(5, 'web:1.24.0')], crlf: true },
  { fixture: 'up-to-date', problems: [], changes: [] },
];
