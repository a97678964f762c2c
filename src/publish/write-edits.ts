import { resolveInside, writeFileAtomic } from '../files/atomic-write.js';
import type { TreeRewrite } from '../files/rewrite-tree.js';

/** Writes the rewrite into the checkout; returns the repo-relative files written. */
export async function writeEdits(dir: string, tree: TreeRewrite): Promise<string[]> {
  // The checkout is a scratch clone that git reads next: durability comes from the commit and push, and
  // an fsync per file would cost minutes at 20,000 files.
  for (const e of tree.edits) await writeFileAtomic(await resolveInside(dir, e.file), e.after, { durable: false, label: e.file });
  return tree.edits.map((e) => e.file);
}
