import { describe, expect, it } from 'vitest';
import { rewriteFile } from '../../../src/manifests/index.js';
import type { PolicyUpdate } from '../../../src/manifests/index.js';

const update: PolicyUpdate = { id: 'apps:web', image: 'web', tag: '2.0.0' };
const M = '# {"$imagepolicy": "apps:web"}';
const run = (text: string) =>
  rewriteFile({ file: 'f.yaml', text, updates: new Map([[update.id, update]]), declared: new Set([update.id]) });

describe('which comments are markers, and on what', () => {
  it.each([
    ['a value in a map', `image: web:1 ${M}\n`, `image: web:2.0.0 ${M}\n`],
    ['a sequence item', `- web:1 ${M}\n`, `- web:2.0.0 ${M}\n`],
    ['the root scalar of a document', `web:1 ${M}\n`, `web:2.0.0 ${M}\n`],
    ['a multi-line plain scalar, ending on the marker line', `image: web\n  :1 ${M}\n`, `image: web:2.0.0 ${M}\n`],
    ['a multi-line quoted scalar', `image: "web\n  :1" ${M}\n`, `image: "web:2.0.0" ${M}\n`],
    ['a value after an explicit key', `? image\n: web:1 ${M}\n`, `? image\n: web:2.0.0 ${M}\n`],
    ['a YAML 1.1 document', `%YAML 1.1\n---\nimage: web:1 ${M}\n`, `%YAML 1.1\n---\nimage: web:2.0.0 ${M}\n`],
  ])('rewrites %s', (_label, input, expected) => {
    const result = run(input);
    expect(result.problems).toEqual([]);
    expect(result.text).toBe(expected);
  });

  it.each([
    ['a comment on a line of its own', `${M}\nimage: web:1\n`],
    ['marker text inside a quoted string', `image: "web:1 ${M.replaceAll('"', '\\"')}"\n`],
    ['marker text inside a block scalar', `script: |\n  image: web:1 ${M}\n`],
    ['a commented-out line', `a: b\n# image: web:1 ${M}\n`],
  ])('ignores %s', (_label, input) => {
    expect(run(input)).toEqual({ text: input, changes: [], problems: [] });
  });

  it.each([
    ['a key whose value is a nested map', `spec: ${M}\n  image: web:1\n`, 1],
    ['an empty value', `a: b\nimage: ${M}\n`, 2],
    ['a sequence indicator', `- ${M}\n  image: web:1\n`, 1],
    ['a document marker', `--- ${M}\nimage: web:1\n`, 1],
    ['a mapping key', `? image ${M}\n: web:1\n`, 1],
    ['an alias', `a: &x web:1\nb: *x ${M}\n`, 2],
    ['a one-line flow sequence', `images: [web:1] ${M}\n`, 1],
    ['a block scalar header', `image: >- ${M}\n  web:1\n`, 1],
  ])('reports a marker on %s as not-a-scalar and changes nothing', (_label, input, line) => {
    const result = run(input);
    expect(result.text).toBe(input);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'not-a-scalar', severity: 'error', line, policy: 'apps:web' })]);
  });
});

describe('parse errors', () => {
  it.each([
    ['duplicate keys', `a: 1\nimage: web:1 ${M}\na: 2\n`, 3],
    ['duplicate keys that are equal once resolved', `1: a\n0x1: b ${M}\n`, 2],
    ['bad indentation', `a:\n  b: 1\n c: web:1 ${M}\n`, 3],
    ['a Helm template', `{{- if .Values.x }}\nimage: web:1 ${M}\n{{- end }}\n`, 1],
    ['an unclosed flow collection', `image: [web:1, ${M}\n`, 2],
  ])('%s: unchanged, one parse-error at the first error', (_label, input, line) => {
    const result = run(input);
    expect(result.text).toBe(input);
    expect(result.changes).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'parse-error', severity: 'error', line, file: 'f.yaml' })]);
  });

  it('finds a duplicate among many keys without quadratic cost', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: v\n`).join('');
    const result = run(`${keys}k7: again\nimage: web:1 ${M}\n`);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'parse-error', line: 30_001 })]);
  });
});
