import { rewriteTree } from '../../src/files/rewrite-tree.js';
import { imageSpecs, NAMESPACE } from '../fixture/images.js';
import type { Fixture } from '../fixture/index.js';
import { check } from './measured.js';
import type { Check } from './types.js';

export interface ScreenResult {
  check: Check;
  /** The rewrite step alone, in this process: read, screen, parse marked files, locate markers. */
  rewriteMs: number;
  mbPerSecond: number;
}

/**
 * Runs the tree rewrite in-process over the fixture's checkout (no update to apply, so every marker is
 * located and nothing changes) and compares the files it parsed with the files that hold a marker:
 * the rest must have been screened out by their bytes.
 */
export async function screenCheck(fixture: Fixture): Promise<ScreenResult> {
  const declared = new Set(imageSpecs(fixture.size.repos, fixture.size.tags).map((image) => `${NAMESPACE}:${image.policy}`));
  const started = performance.now();
  const tree = await rewriteTree(fixture.checkoutDir, ['apps'], new Map(), declared);
  const rewriteMs = performance.now() - started;
  const { files, markedFiles, targetFiles } = fixture.expect;
  // Files under auto/ are outside the config's paths: only their policies' targets read them.
  const ok = tree.parsed === markedFiles && tree.scanned === files - targetFiles && tree.problems.length === 0;
  return {
    check: check('files without a marker are never parsed', ok,
      `${tree.parsed} of ${tree.scanned} files parsed, ${markedFiles} hold markers; ${tree.problems.length} problem(s)`),
    rewriteMs,
    mbPerSecond: fixture.expect.bytes / 1e6 / (rewriteMs / 1000),
  };
}
