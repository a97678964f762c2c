/*
 * Property runs are reproducible: a fixed seed unless PROPERTY_SEED says otherwise (fast-check prints
 * the seed and path of any failure, so a failing run can be replayed). PROPERTY_RUNS scales every
 * property's case count (1 = the CI figures; 10 for a long soak).
 */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20_240_815);
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);

if (!Number.isInteger(SEED)) throw new Error(`PROPERTY_SEED must be an integer, got ${process.env.PROPERTY_SEED}`);
if (!(SCALE > 0)) throw new Error(`PROPERTY_RUNS must be a positive number, got ${process.env.PROPERTY_RUNS}`);

export function runs(base: number): number {
  return Math.max(1, Math.round(base * SCALE));
}

/** A test's time limit: scaled up with PROPERTY_RUNS, never down. */
export function timeout(base: number): number {
  return Math.max(base, runs(base));
}
