import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParsePool } from '../../../src/files/parse-pool.js';
import { misreadEdit } from '../../../src/manifests/guard.js';
import { locateMarkers } from '../../../src/manifests/locate.js';

const M = '# {"$imagepolicy": "apps:web"}';
const TEXTS = [
  `image: web:1 ${M}\n`,
  `a: 1\n---\nspec:\n  containers:\n    - image: "web:1" ${M}\n      tag: '2' # {"$imagepolicy": "apps:web:tag"}\n`,
  `images: [web:1] ${M}\n`,
  `a: [unclosed\nimage: web:1 ${M}\n`,
  `script: |\n  image: web:1 ${M}\n`,
];

let dir: string;
let shim: URL;

// The pool runs the compiled worker in production; here a shim registers tsx first, so the worker
// thread runs the TypeScript source under test.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-pool-'));
  const worker = pathToFileURL(join(import.meta.dirname, '../../../src/files/parse-worker.ts')).href;
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  await writeFile(join(dir, 'shim.mjs'), `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(worker)});\n`);
  shim = pathToFileURL(join(dir, 'shim.mjs'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ParsePool', () => {
  it('locates exactly what locateMarkers does in this thread, many files at once', async () => {
    const pool = new ParsePool(2, shim);
    try {
      const many = Array.from({ length: 20 }, (_, i) => TEXTS[i % TEXTS.length]!);
      const located = await Promise.all(many.map((text) => pool.locate(text)));
      expect(located).toEqual(many.map((text) => locateMarkers(text)));
    } finally {
      await pool.close();
    }
  });

  it('checks rewritten texts exactly as misreadEdit does in this thread', async () => {
    const pool = new ParsePool(2, shim);
    try {
      const good = { text: 'image: "web:2"\n', edits: [{ start: 7, end: 14, text: '"web:2"' }] };
      const glued = { text: 'image: web:2 #x\n', edits: [{ start: 7, end: 15, text: 'web:2 #x' }] };
      const broken = { text: 'image: [web:2\n', edits: [{ start: 7, end: 13, text: '[web:2' }] };
      const cases = [good, glued, broken];
      const checked = await Promise.all(cases.map((c) => pool.check(c.text, c.edits)));
      expect(checked).toEqual(cases.map((c) => misreadEdit(c.text, c.edits) ?? null));
      expect(checked.map((m) => m === null)).toEqual([true, false, false]);
    } finally {
      await pool.close();
    }
  });

  it('answers undefined (work in this thread) when its workers cannot start', async () => {
    const pool = new ParsePool(2, pathToFileURL(join(dir, 'missing.mjs')));
    try {
      expect(await pool.locate(TEXTS[0]!)).toBeUndefined();
      expect(await pool.locate(TEXTS[1]!)).toBeUndefined();
      expect(await pool.check('a: b\n', [{ start: 3, end: 4, text: 'b' }])).toBeUndefined();
    } finally {
      await pool.close();
    }
  });
});
