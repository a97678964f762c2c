import { join } from 'node:path';
import { FileWriteError, resolveInside, writeFileAtomic } from '../files/atomic-write.js';
import { decodeText, LIMITS, readBounded } from '../files/read-text.js';
import { digestOf, type FileEdit, type TreeRewrite } from '../files/rewrite-tree.js';
import { splice } from '../manifests/splice.js';

/** Files written at once: each write is a dozen file-system calls, which the thread pool overlaps. */
const CONCURRENT_WRITES = 16;

/**
 * Writes the rewrite into the checkout; returns the repo-relative files written. On a failure no new
 * write starts, the ones under way finish, and then it throws: the caller resets the checkout, which
 * must not race a write still in flight.
 */
export async function writeEdits(dir: string, tree: TreeRewrite): Promise<string[]> {
  // The checkout is a scratch clone that git reads next: durability comes from the commit and push, and
  // an fsync per file would cost minutes at 20,000 files.
  const write = async (e: FileEdit) => writeFileAtomic(await resolveInside(dir, e.file), await editedText(dir, e), { durable: false, label: e.file });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    while (!failure && next < tree.edits.length) {
      const edit = tree.edits[next++]!;
      await write(edit).catch((error: unknown) => {
        failure ??= { error };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_WRITES, tree.edits.length) }, runner));
  if (failure) throw failure.error;
  return tree.edits.map((e) => e.file);
}

/**
 * The file's new text, made again from its bytes in the checkout. They must be the bytes the rewrite
 * read: anything else (which nothing in a cycle does) would get splices meant for another text.
 */
export async function editedText(dir: string, edit: FileEdit): Promise<string> {
  const bytes = await readBounded(join(dir, edit.file), LIMITS.manifest);
  const decoded = decodeText(bytes);
  if (digestOf(bytes) !== edit.digest || !decoded.ok) {
    throw new FileWriteError(edit.file, undefined, new Error('the file changed in the checkout after it was rewritten'));
  }
  return splice(decoded.text, edit.edits);
}
