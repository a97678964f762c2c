import { describe, expect, it } from 'vitest';
import { inertSwap, loneCarriageReturn, misreadEdit } from '../../../src/manifests/guard.js';
import { rewriteFile, splice } from '../../../src/manifests/index.js';
import { excessiveNesting } from '../../../src/manifests/nesting.js';

const update = { id: 'apps:web', image: 'web', tag: '10' };
const run = (text: string) => rewriteFile({ file: 'f.yaml', text, updates: new Map([[update.id, update]]), declared: new Set([update.id]) });

describe('a file with a lone carriage return', () => {
  it('is found, with its line', () => {
    expect(loneCarriageReturn('a: 1\r\nb: 2\n')).toBeUndefined();
    expect(loneCarriageReturn('a: 1\nb: 2\rc: 3\n')).toBe(2);
  });

  it('is not rewritten: `yaml` reads `v:\\r "x"` as one scalar spanning the \\r, and replacing it glued the value to its key', () => {
    const text = 'v:\r "1.0" # {"$imagepolicy": "apps:web:tag"}\n';
    const result = run(text);
    expect(result.text).toBe(text);
    expect(result.problems).toMatchObject([{ kind: 'parse-error', line: 1, message: expect.stringMatching(/carriage return without a line feed/) }]);
  });
});

describe('misreadEdit: the last check before a rewrite is handed out', () => {
  const text = 'v: "x" # c\nw: [a, b]\n';
  const check = (start: number, end: number, replacement: string) => {
    const edits = [{ start, end, text: replacement }];
    return misreadEdit(splice(text, edits), edits);
  };

  it('passes an edit that reads back as written', () => {
    expect(check(3, 6, '"10"')).toBeUndefined();
    expect(check(15, 16, 'c')).toBeUndefined();
  });

  it.each([
    ['swallows the comment', 3, 6, '10 # x', /would not read back as written/],
    ['breaks the structure', 3, 6, 'a: b', /would not parse/],
    ['breaks the flow list it sits in', 15, 16, 'c, d', /would not read back as written/],
    ['is read as another type of node', 3, 6, '[x]', /would not read back as written/],
  ])('refuses an edit that %s', (_what, start, end, replacement, message) => {
    expect(check(start, end, replacement)?.message).toMatch(message);
  });
});

describe('excessiveNesting', () => {
  it.each([
    ['flow sequences', `a: ${'['.repeat(300)}`, 1],
    ['flow maps on line 2', `a:\n  b: ${'{a: '.repeat(300)}`, 2],
    ['compact block sequences', `${'- '.repeat(300)}x`, 1],
    ['flow items after commas', `k: ${'[a, '.repeat(300)}`, 1],
    ['a collection with an anchor or a tag', `x: &a !!seq ${'['.repeat(300)}`, 1],
    ['nesting after a plain scalar with an apostrophe', `t: it's\nu: ${'['.repeat(300)}`, 2],
    ['nesting after a block scalar', `b: |\n  ${'['.repeat(1000)}\n  more\nc: ${'['.repeat(300)}`, 4],
  ])('finds %s too deep', (_what, text, line) => {
    expect(excessiveNesting(text)).toBe(line);
  });

  it.each([
    ['200 levels', `a: ${'['.repeat(200)}${']'.repeat(200)}`],
    ['brackets in plain scalars', `regex: ${'a['.repeat(1000)}\nb: 1`],
    ['brackets in quoted scalars', `s: "${'['.repeat(1000)}"\nt: '${'{'.repeat(1000)}'`],
    ['brackets in comments', `# ${'['.repeat(1000)}\nc: 1`],
    ['brackets in block scalars', `b: >-\n  ${'['.repeat(1000)}\nc: 1`],
    ['many shallow collections', `${'- [a, {b: [c]}]\n'.repeat(10_000)}`],
  ])('lets %s through', (_what, text) => {
    expect(excessiveNesting(text)).toBeUndefined();
  });

  it('keeps the rewrite from parsing a million levels', () => {
    const result = run(`image: web:1 # {"$imagepolicy": "apps:web"}\nx: ${'['.repeat(1_000_000)}\n`);
    expect(result.problems).toMatchObject([{ kind: 'parse-error', line: 2, message: expect.stringMatching(/nested more than 256 levels/) }]);
  });
});

describe('inertSwap: edits that provably need no re-parse', () => {
  const plain = (source: string, inBlock = true) => ({ source, style: 'PLAIN' as const, value: source, inBlock });
  const double = (value: string) => ({ source: `"${value}"`, style: 'QUOTE_DOUBLE' as const, value });
  const single = (value: string) => ({ source: `'${value}'`, style: 'QUOTE_SINGLE' as const, value });

  it('spares plain image references and tags in block context, and quoted ones anywhere', () => {
    expect(inertSwap(plain('ghcr.io/acme/web:1.2.3'), 'ghcr.io/acme/web:1.3.0')).toBe(true);
    expect(inertSwap(plain('1.2.3'), '1.3.0+build.7')).toBe(true);
    expect(inertSwap(plain('web@sha256:abc'), 'web@sha256:def')).toBe(true);
    expect(inertSwap(double('web:1'), '"web:2"')).toBe(true);
    expect(inertSwap(single('web:1'), "'web:2'")).toBe(true);
  });

  it('checks everything else', () => {
    expect(inertSwap(plain('web:1', false), 'web:2')).toBe(false); // inside […] or {…}
    expect(inertSwap({ ...plain('web:1'), inBlock: undefined }, 'web:2')).toBe(false); // context unknown
    expect(inertSwap(plain('web:1'), 'web:')).toBe(false); // `web: # …` would make it a key
    expect(inertSwap(plain('web:1'), '-web')).toBe(false); // an indicator first
    expect(inertSwap(plain('web:1'), 'web 2')).toBe(false);
    expect(inertSwap(plain('web:1'), '"web:2"')).toBe(false); // the style changes
    expect(inertSwap(double('web:1'), '"we"b"')).toBe(false);
    expect(inertSwap(double('web\\x31'), '"web:2"')).toBe(false); // an escape in the old value
    expect(inertSwap({ source: 'web:1 # c', style: 'PLAIN', value: 'web:1', inBlock: true }, 'web:2')).toBe(false); // offsets off
  });

  it('what it spares passes the full check', () => {
    const cases = [
      { text: 'image: ghcr.io/acme/web:1.2.3 # {"$imagepolicy": "apps:web"}\n', old: plain('ghcr.io/acme/web:1.2.3'), to: 'ghcr.io/acme/web:1.3.0' },
      { text: 'spec:\n  - image: "web:1"\n', old: double('web:1'), to: '"web:10"' },
      { text: "- 'web:1'\n", old: single('web:1'), to: "'web:10'" },
    ];
    for (const { text, old, to } of cases) {
      const start = text.indexOf(old.source);
      const edits = [{ start, end: start + old.source.length, text: to }];
      expect(inertSwap(old, to)).toBe(true);
      expect(misreadEdit(splice(text, edits), edits)).toBeUndefined();
    }
  });
});
