import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { rewriteTree, type FileEdit } from '../../src/files/rewrite-tree.js';
import type { PolicyTarget } from '../../src/manifests/index.js';
import { FUZZ_TARGETS, FUZZ_UPDATES, tokenSoup } from './fuzz-inputs.js';
import { runs, SEED, timeout } from './settings.js';

const CASES = runs(150);
const MARKER = Buffer.from(' # {"$imagepolicy": "apps:web"}\n');
const GOOD = 'image: ghcr.io/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n';
// The fuzz targets, with globs over the whole tree, so random files pass the glob and the byte screen.
const TARGETS: PolicyTarget[] = FUZZ_TARGETS.map((t) => ({ ...t, spec: { ...t.spec, files: ['**/*.yaml'] } }));

/** Random bytes (invalid UTF-8 more often than not), with a marker or an image name spliced in. */
const bytes = fc
  .tuple(fc.uint8Array({ maxLength: 2_000 }), fc.constantFrom(MARKER, Buffer.from('acme/app0:1.0 chart0 tag: a.tag'), Buffer.alloc(0)), fc.nat())
  .map(([random, inject, at]) => {
    const cut = random.length === 0 ? 0 : at % random.length;
    return Buffer.concat([random.subarray(0, cut), inject, random.subarray(cut)]);
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-tree-fuzz-'));
  await mkdir(join(dir, 'apps'), { recursive: true });
  await mkdir(join(dir, 'charts'), { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe(`rewriteTree on files that are not YAML (seed ${SEED})`, () => {
  it(`${CASES} trees of random bytes and token soup beside a good file: each bad file is reported or skipped, the good one is still rewritten`, async () => {
    await fc.assert(
      fc.asyncProperty(bytes, bytes, tokenSoup, async (a, b, soup) => {
        await writeFile(join(dir, 'apps/a.yaml'), a);
        await writeFile(join(dir, 'charts/values.yaml'), b);
        await writeFile(join(dir, 'apps/soup.yaml'), soup);
        await writeFile(join(dir, 'apps/good.yaml'), GOOD);
        // The rewrite's `diff` hook sees each changed file's texts; here it keeps them whole.
        const diff = (_: string, before: string, after: string) => JSON.stringify({ before, after });
        const texts = (e: FileEdit | undefined) => (e?.diff === undefined ? undefined : (JSON.parse(e.diff) as { before: string; after: string }));
        const tree = await rewriteTree(dir, ['apps'], FUZZ_UPDATES, new Set(FUZZ_UPDATES.keys()), TARGETS, { diff });
        assert.deepEqual(
          texts(tree.edits.find((e) => e.file === 'apps/good.yaml'))?.after,
          GOOD.replace('web:1.0.0', `web:2.0.0@sha256:${'e'.repeat(64)}`),
          'nothing else is lost',
        );
        // A target that finds nothing is reported where it is declared, which these targets do not say.
        for (const problem of tree.problems) assert.ok((problem.file || problem.kind === 'target-unmatched') && problem.message, JSON.stringify(problem));
        for (const [file, content] of [['apps/a.yaml', a], ['charts/values.yaml', b]] as const) {
          const decoded = content.toString('utf8');
          const valid = Buffer.from(decoded, 'utf8').equals(content) && !content.includes(0);
          const edit = tree.edits.find((e) => e.file === file);
          if (!valid) assert.equal(edit, undefined, `${file}: not valid UTF-8 or binary, so never rewritten`);
          if (edit) assert.equal(texts(edit)?.before, decoded);
          // What makes the tree read a file: the marker token (under `paths` only) or a target's screen token.
          const tokens = [...(file.startsWith('apps/') ? ['"$imagepolicy"'] : []), 'app0', 'chart0', 'tag', 'c'];
          if (!valid && tokens.some((token) => content.includes(token))) {
            const reported = tree.problems.find((p) => p.file === file && p.kind === 'file-error');
            assert.match(reported?.message ?? '', /^(not valid UTF-8|holds a NUL byte: a binary file, not YAML); skipped$/, `${file} reported`);
            assert.ok(reported!.line! >= 1 && reported!.line! <= content.filter((b) => b === 10).length + 1, 'at a line of the file');
          }
        }
      }),
      { numRuns: CASES, seed: SEED },
    );
  }, timeout(60_000));
});
