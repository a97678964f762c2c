import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mayContainMarkers, rewriteFile } from '../manifests/index.js';
import type { Change, PolicyUpdate, Problem } from '../manifests/types.js';
import { isManifestName, walkFiles } from './walk.js';

export interface FileEdit {
  file: string;
  before: string;
  after: string;
}

export interface TreeRewrite {
  edits: FileEdit[];
  changes: Change[];
  problems: Problem[];
  /** Files read in full and parsed (after the byte screen). */
  parsed: number;
  scanned: number;
}

/**
 * Computes the rewrite of every manifest under `paths` in the checkout at `dir`; writes nothing.
 * Files are screened by their bytes before parsing; a file that fails is reported and skipped.
 */
export async function rewriteTree(
  dir: string,
  paths: readonly string[],
  updates: ReadonlyMap<string, PolicyUpdate>,
  declared: ReadonlySet<string>,
): Promise<TreeRewrite> {
  const out: TreeRewrite = { edits: [], changes: [], problems: [], parsed: 0, scanned: 0 };
  const fileProblem = (file: string, message: string) => out.problems.push({ kind: 'file-error', severity: 'error', file, message });
  const files = await walkFiles(dir, paths, isManifestName, fileProblem);
  for (const file of files) {
    out.scanned++;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch (err) {
      fileProblem(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`);
      continue;
    }
    if (!mayContainMarkers(bytes)) continue;
    const text = bytes.toString('utf8');
    // Decoding invalid UTF-8 replaces bytes; writing that back would corrupt the file.
    if (Buffer.byteLength(text) !== bytes.length || !Buffer.from(text).equals(bytes)) {
      fileProblem(file, 'not valid UTF-8; skipped');
      continue;
    }
    out.parsed++;
    const result = rewriteFile({ file, text, updates, declared });
    out.changes.push(...result.changes);
    out.problems.push(...result.problems);
    if (result.text !== text) out.edits.push({ file, before: text, after: result.text });
  }
  return out;
}
