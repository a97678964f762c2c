import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaign } from './crash-campaign.js';
import { crashWorld, type CrashWorld } from './crash-harness.js';

// SIGKILL at 10 seeded points of a cycle in commit mode: half spread over the whole cycle, half over its
// publish step; half of them take the whole process group (git included), half only the CLI. After
// each: the remote holds all of the cycle or nothing, and the next runs converge with no duplicate
// commit or pull request.

let world: CrashWorld;

beforeAll(async () => {
  world = await crashWorld('commit');
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

describe('imagebump once killed at random points (commit mode)', () => {
  it('leaves all of the cycle or nothing on the remote, and the next run converges', async () => {
    const result = await campaign(world, 10, 20240101);
    console.log(`crash (commit mode): ${JSON.stringify(result)}`);
    expect(result.outcomes.nothing + result.outcomes.all).toBe(10);
    // The kills did land inside the cycle, not all before or after it.
    expect(result.phases.finished ?? 0).toBeLessThan(10);
  }, 100_000);
});
