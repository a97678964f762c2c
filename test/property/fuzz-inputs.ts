import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { MARKER_TOKEN, rewriteFile } from '../../src/manifests/index.js';
import type { PolicyTarget, PolicyUpdate, RewriteResult } from '../../src/manifests/index.js';
import { markersSettled } from '../../src/manifests/settled.js';
import { withYamlEnv } from '../../src/manifests/yaml-env.js';
import { generateFile, type GeneratedFile } from '../helpers/yaml-gen.js';

/*
 * Inputs that are not (quite) YAML, for the "never crashes, never corrupts" properties: random code
 * units, YAML-ish token soup, and generated files with random damage. Every one goes through markers
 * and all four kinds of targets.
 */

const updates: PolicyUpdate[] = [
  { id: 'apps:web', image: 'ghcr.io/acme/web', tag: '2.0.0', digest: `sha256:${'e'.repeat(64)}` },
  { id: 'apps:auto', image: 'acme/app0', tag: '1.10' },
  { id: 'apps:chart', image: 'registry.example.com:5000/team/chart0', tag: 'yes' },
  { id: 'apps:paths', image: 'quay.io/org/explicit0', tag: '3.0.0' },
  { id: 'apps:path', image: 'ghcr.io/acme/path0', tag: '4.0.0' },
];
const target = (policy: string, index: number, spec: PolicyTarget['spec']): PolicyTarget => ({
  policy, image: updates.find((u) => u.id === policy)!.image, index, spec,
});
export const FUZZ_TARGETS: PolicyTarget[] = [
  target('apps:auto', 0, { kind: 'auto', files: ['**'] }),
  target('apps:chart', 0, { kind: 'helm', files: ['**'], helm: 'auto' }),
  target('apps:paths', 0, { kind: 'helm', files: ['**'], helm: { repository: 'a.repository', tag: 'a.tag' } }),
  target('apps:path', 0, { kind: 'path', files: ['**'], path: 'a.b[0].c', part: 'tag' }),
];
export const FUZZ_UPDATES = new Map(updates.map((u) => [u.id, u]));

/** How many inputs the settled screen would have let a cycle skip: the property must see some. */
export const settledTally = { fuzz: 0 };

export type Policies = Pick<GeneratedFile, 'updates' | 'declared' | 'targets'>;

export const FUZZ_POLICIES: Policies = { updates: FUZZ_UPDATES, declared: new Set(FUZZ_UPDATES.keys()), targets: FUZZ_TARGETS };

export function fuzzRewrite(text: string, policies: Policies = FUZZ_POLICIES): RewriteResult {
  const { updates, declared, targets } = policies;
  return rewriteFile({ file: 'fuzz.yaml', text, updates, declared, targets });
}

const TOKENS = [
  '\n', '\r\n', '\r', ' ', '  ', '\t', ':', ': ', '- ', '#', '# x', '"', "'", '[', ']', '{', '}', ',', '|', '>', '|-', '&a ', '*a', '!!str ',
  '!tag ', '? ', '---', '...', '%YAML 1.1\n', '%TAG ! tag:x,2000:\n', '\ufeff', '\ud800', '\udc00', '\0', '\\', '\u2028', '\x85',
  'a', 'b: c', '1.0', 'image: ', 'tag: ', 'repository: ', 'containers:', 'images:', 'services:', 'newTag: ', 'c: ', 'a:', 'b:',
  'acme/app0:1.0.0', 'ghcr.io/acme/web:1.0.0', 'registry.example.com:5000/team/chart0', 'quay.io/org/explicit0', '@sha256:' + 'a'.repeat(64),
  ` # {"$imagepolicy": "apps:web"}`, ` # {"$imagepolicy": "apps:web:tag"}`, ` # {"$imagepolicy": "apps:web:digest"}`, ` #{"$imagepolicy": 1}`,
  ` # {"$imagepolicy": "nope"}`, ` # {"$imagepolicy": "web:tag"}`, MARKER_TOKEN, '{{ .Values.x }}', 'x'.repeat(300),
];

/** YAML-ish token soup: mostly invalid, sometimes valid, always full of what the rewrite looks for. */
export const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(''));

/** Arbitrary UTF-16 (lone surrogates included) and arbitrary Unicode, with a marker and image names inside. */
export const randomText = fc
  .tuple(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 300 })), fc.nat(), fc.nat())
  .map(([text, i, j]) => {
    const at = (n: number) => (text.length === 0 ? 0 : n % text.length);
    const a = at(i);
    const b = Math.max(a, at(j));
    return `${text.slice(0, a)}image: acme/app0:1.0 # {"$imagepolicy": "apps:web"}${text.slice(a, b)}tag: 1.0.0\n${text.slice(b)}`;
  });

const DAMAGE = ['', ' ', '\t', '\n', '  ', ':', '- ', '"', "'", '[', '{', '}', ']', ',', '#', '&x ', '*x', '*a0', '|', '---\n', '\ufeff', '\r'];

/** A generated file with random damage: inserted syntax, deleted ranges, lines duplicated or re-indented. */
export const damagedFile = fc
  .record({
    seed: fc.integer(),
    size: fc.integer({ min: 1, max: 6 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...DAMAGE), fc.constantFrom('insert', 'delete', 'line')), { minLength: 1, maxLength: 3 }),
  })
  .map(({ seed, size, edits }) => {
    const source = generateFile(seed, size);
    let text = source.text;
    for (const [offset, length, noise, how] of edits) {
      const at = text.length === 0 ? 0 : offset % text.length;
      if (how === 'insert') text = text.slice(0, at) + noise + text.slice(at);
      else if (how === 'delete') text = text.slice(0, at) + text.slice(at + length);
      else {
        const start = text.lastIndexOf('\n', at) + 1;
        const end = text.indexOf('\n', at) + 1 || text.length;
        text = text.slice(0, start) + noise + text.slice(start, end) + text.slice(start);
      }
    }
    const policies: Policies = { updates: source.updates, declared: source.declared, targets: source.targets };
    return { text, policies };
  });

function parses(text: string): boolean {
  const docs = withYamlEnv(() => parseAllDocuments(text, { uniqueKeys: true }));
  return (Array.isArray(docs) ? docs : []).every((doc) => doc.errors.length === 0);
}

/** Whatever came in: a result consistent with itself; what was rewritten parses and is stable. */
export function checkNeverCorrupts(input: string, policies: Policies = FUZZ_POLICIES): void {
  const result = fuzzRewrite(input, policies);
  // A file a real cycle would skip as settled must be one the rewrite leaves alone; a YAML error
  // elsewhere in it is the only report a skip may lose.
  // (A cycle skips only files no target looks at: the markers are judged alone.)
  if (input.includes(MARKER_TOKEN) && markersSettled(input, policies.updates, policies.declared)) {
    settledTally.fuzz++;
    const markersOnly = (policies.targets ?? []).length === 0 ? result : fuzzRewrite(input, { ...policies, targets: [] });
    assert.equal(markersOnly.text, input, 'a settled file is not rewritten');
    assert.deepEqual(markersOnly.problems.filter((p) => p.kind !== 'parse-error'), [], 'a settled file has no marker problem');
  }
  for (const problem of result.problems) {
    assert.equal(problem.file, 'fuzz.yaml');
    assert.ok(problem.line! >= 1, `problem line ${problem.line}`);
    assert.ok(problem.message.length > 0);
  }
  assert.equal(result.changes.length === 0, result.text === input, 'text changes exactly when changes are reported');
  if (result.problems.some((p) => p.kind === 'parse-error')) {
    assert.equal(result.text, input, 'a file that does not parse is left as it is');
    assert.equal(result.problems.length, 1);
  }
  if (result.text === input) return;
  assert.ok(parses(input), 'only a file that parses is rewritten');
  assert.ok(parses(result.text), 'what is rewritten parses');
  const again = fuzzRewrite(result.text, policies);
  assert.equal(again.text, result.text, 'a second run changes nothing');
}
