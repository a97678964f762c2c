import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNeverCorrupts, damagedFile, randomText, settledTally, tokenSoup } from './fuzz-inputs.js';
import { runs, SEED, timeout } from './settings.js';

const SOUP = runs(3_000);
const RANDOM = runs(1_500);
const DAMAGED = runs(3_000);

describe(`inputs that are not YAML never crash the rewrite (seed ${SEED})`, () => {
  it(`${SOUP} token soups through markers and every kind of target`, () => {
    fc.assert(fc.property(tokenSoup, (text) => checkNeverCorrupts(text)), { numRuns: SOUP, seed: SEED });
  }, timeout(60_000));

  it(`${RANDOM} random strings (lone surrogates, NUL, any Unicode) with markers and image names inside`, () => {
    fc.assert(fc.property(randomText, (text) => checkNeverCorrupts(text)), { numRuns: RANDOM, seed: SEED });
  }, timeout(60_000));

  it(`${DAMAGED} generated files with random damage: a file that still parses is rewritten cleanly, others are left alone`, () => {
    fc.assert(fc.property(damagedFile, ({ text, policies }) => checkNeverCorrupts(text, policies)), { numRuns: DAMAGED, seed: SEED });
    // Damage that leaves every marker line intact but breaks the file elsewhere must be among them.
    expect(settledTally.fuzz).toBeGreaterThan(DAMAGED / 100);
  }, timeout(60_000));
});
