import { describe, expect, it } from 'vitest';
import { loneCarriageReturn, misreadEdit } from '../../../src/manifests/guard.js';
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
