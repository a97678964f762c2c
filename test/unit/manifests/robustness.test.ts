import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { MARKER_TOKEN, rewriteFile } from '../../../src/manifests/index.js';
import type { PolicyUpdate, RewriteResult } from '../../../src/manifests/index.js';

const update: PolicyUpdate = { id: 'apps:web', image: 'web', tag: '2.0.0' };
const run = (text: string): RewriteResult =>
  rewriteFile({ file: 'x.yaml', text, updates: new Map([[update.id, update]]), declared: new Set([update.id]) });

const TEMPLATE = 'a:\n  - image: web:1.0.0 # {"$imagepolicy": "apps:web"}\n    b: [c, d]\n  - e: "f" # {"$imagepolicy": "apps:web:tag"}\n';
const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((codes) => String.fromCharCode(...codes));
const yamlNoise = fc.constantFrom('\n', '\r\n', ' ', '\t', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!!str', '---', '...', '%YAML 1.1', '? ', '\ufeff', '{{ x }}');

/** Whatever came in, the result is well-formed and consistent with itself. */
function checkInvariants(input: string, result: RewriteResult): void {
  for (const problem of result.problems) {
    expect(problem.file).toBe('x.yaml');
    expect(problem.line).toBeGreaterThanOrEqual(1);
  }
  if (result.changes.length === 0) expect(result.text).toBe(input);
  else expect(result.text).not.toBe(input);
  if (result.problems.some((problem) => problem.kind === 'parse-error')) {
    expect(result.problems).toHaveLength(1);
    expect(result.text).toBe(input);
  }
}

describe('rewriteFile never throws', () => {
  it('on arbitrary UTF-16, lone surrogates included, that contains the marker token', () => {
    fc.assert(
      fc.property(utf16, utf16, (before, after) => {
        const input = `${before}${MARKER_TOKEN}${after}`;
        checkInvariants(input, run(input));
      }),
      { numRuns: 300 },
    );
  });

  it('on a marked manifest with YAML syntax sprinkled in; whatever it rewrites still parses', () => {
    const edits = fc.array(fc.tuple(fc.nat(TEMPLATE.length), yamlNoise), { maxLength: 4 });
    fc.assert(
      fc.property(edits, (insertions) => {
        let input = TEMPLATE;
        for (const [at, noise] of insertions) input = input.slice(0, at) + noise + input.slice(at);
        const result = run(input);
        checkInvariants(input, result);
        if (result.changes.length > 0) {
          const docs = parseAllDocuments(result.text);
          expect(Array.isArray(docs) ? docs.flatMap((doc) => doc.errors) : []).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['deep nesting', `${'['.repeat(20_000)} # {"$imagepolicy": "apps:web"}`],
    ['binary junk', `\0\x01\xff\ufffe${MARKER_TOKEN}\ud800\udfff\udc00`],
    ['a lone high surrogate in the marked value', `image: web\ud800 # {"$imagepolicy": "apps:web"}\n`],
    ['only a marker comment', `# {"$imagepolicy": "apps:web"}`],
    ['a marker after a document marker', `--- # {"$imagepolicy": "apps:web"}\na: b\n`],
  ])('on %s', (_label, input) => {
    expect(() => checkInvariants(input, run(input))).not.toThrow();
  });

  it('rewrites a value holding a lone surrogate like any other', () => {
    const result = run(`image: web\ud800 # {"$imagepolicy": "apps:web"}\n`);
    expect(result.text).toBe('image: web:2.0.0 # {"$imagepolicy": "apps:web"}\n');
  });
});

describe('screening', () => {
  it('does not even parse a file without the marker token', () => {
    const broken = 'a: [unclosed\n  image: x # {"$imagepolicy: "apps:web"}\n';
    const result = run(broken);
    expect(result).toEqual({ text: broken, changes: [], problems: [] });
  });

  it('handles one large marked file in one pass', () => {
    const filler = Array.from({ length: 40_000 }, (_, i) => `  key${i}: "value ${i}" # a comment\n`).join('');
    const input = `big:\n${filler}image: web:1.0.0 # {"$imagepolicy": "apps:web"}\n`;
    const started = performance.now();
    const result = run(input);
    expect(result.text).toBe(`big:\n${filler}image: web:2.0.0 # {"$imagepolicy": "apps:web"}\n`);
    expect(result.changes).toEqual([expect.objectContaining({ line: 40_002 })]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
