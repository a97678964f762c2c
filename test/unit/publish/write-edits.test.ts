import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriteError } from '../../../src/files/atomic-write.js';
import { rewriteTree } from '../../../src/files/rewrite-tree.js';
import { writeEdits } from '../../../src/publish/write-edits.js';

/*
 * A real cycle's rewrite keeps only the splices of each changed file and a digest of its bytes; the
 * new text is made again from the file when it is written.
 */

const update = { id: 'apps:web', image: 'ghcr.io/acme/web', tag: '1.3.0' };
const TEXT = 'kind: Deployment\r\nimage: ghcr.io/acme/web:1.2.0 # {"$imagepolicy": "apps:web"}\r\n# unicode: ünïcødé\r\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-write-edits-'));
  await mkdir(join(dir, 'apps'));
  await writeFile(join(dir, 'apps/web.yaml'), TEXT);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const rewrite = (diff?: (file: string, before: string, after: string) => string) =>
  rewriteTree(dir, ['apps'], new Map([[update.id, update]]), new Set([update.id]), [], diff ? { diff } : {});

describe('writeEdits', () => {
  it('writes exactly the text the rewrite computed, without having kept it', async () => {
    let computed: string | undefined;
    const described = await rewrite((file, before, after) => {
      computed = after;
      return `${file}: ${before.length} → ${after.length}`;
    });
    expect(described.edits[0]!.diff).toBe(`apps/web.yaml: ${TEXT.length} → ${TEXT.length}`);
    expect(computed).toBe(TEXT.replace('web:1.2.0', 'web:1.3.0'));
    const lean = await rewrite();
    expect(lean.edits[0]!.diff).toBeUndefined();
    expect(await writeEdits(dir, lean)).toEqual(['apps/web.yaml']);
    expect(await readFile(join(dir, 'apps/web.yaml'), 'utf8')).toBe(computed);
  });

  it('refuses a file whose bytes changed since the rewrite read them, and leaves it as it is', async () => {
    const tree = await rewrite();
    const changed = TEXT.replace('kind', 'KIND');
    await writeFile(join(dir, 'apps/web.yaml'), changed);
    await expect(writeEdits(dir, tree)).rejects.toThrow(FileWriteError);
    await expect(writeEdits(dir, tree)).rejects.toThrow(/apps\/web\.yaml: the file changed in the checkout after it was rewritten/);
    expect(await readFile(join(dir, 'apps/web.yaml'), 'utf8')).toBe(changed);
  });
});
