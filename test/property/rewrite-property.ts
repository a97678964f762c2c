import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yamlFile } from '../helpers/yaml-gen.js';
import { checkRewrite, inertTally, settledTally } from './check-rewrite.js';
import { runs, SEED, timeout } from './settings.js';

/** 10,000 generated files per CI run, split over two test files (halves 1 and 2) that vitest runs side by side. */
const TOTAL = runs(10_000);

export function describeRewriteProperty(half: 1 | 2): void {
  const cases = half === 1 ? Math.ceil(TOTAL / 2) : Math.floor(TOTAL / 2);
  const seed = SEED + half - 1;
  describe(`rewrite properties, half ${half} of ${TOTAL} cases (seed ${seed}; PROPERTY_SEED / PROPERTY_RUNS vary them)`, () => {
    it(`${cases} generated files: output parses, only owned values change, every other value is kept, a second run is a no-op`, () => {
      fc.assert(fc.property(yamlFile(), checkRewrite), { numRuns: cases, seed });
      // Both ways through the last check are exercised: spared as inert swaps, and re-parsed.
      console.log(`rewrite properties, half ${half}: ${inertTally.spared} rewrites spared the re-parse, ${inertTally.checked} re-parsed`);
      expect(inertTally.spared).toBeGreaterThan(cases / 100);
      expect(inertTally.checked).toBeGreaterThan(cases / 20);
      console.log(`rewrite properties, half ${half}: ${settledTally.skipped} texts the settled screen would skip, each left alone by the rewrite`);
      expect(settledTally.skipped).toBeGreaterThan(cases / 20);
    }, timeout(120_000));
  });
}
