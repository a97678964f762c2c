import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaign } from './crash-campaign.js';
import { crashWorld, type CrashWorld } from './crash-harness.js';

// SIGKILL at 15 seeded points of a cycle in commit mode, spread over the segments between the requests
// the Git remote, the registry see; half of them take the whole process group (git
// included), half only the CLI. After each: the remote holds all of the cycle or nothing, and the next
// runs converge with no duplicate commit or pull request.

let world: CrashWorld;

beforeAll(async () => {
  world = await crashWorld('commit');
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

describe('imagebump once killed at random points (commit mode)', () => {
  it('leaves all of the cycle or nothing on the remote, and the next run converges', async () => {
    const result = await campaign(world, world.cli, 15, 20240101);
    console.log(`crash (commit mode): ${JSON.stringify(result)}`);
    expect(result.outcomes.nothing + result.outcomes.all).toBe(15);
    // The kills did land inside the cycle, not all after it.
    expect(result.phases.finished ?? 0).toBeLessThanOrEqual(3);
    // The checkouts the killed runs left in the workdir were removed by the runs after them.
    expect(result.leftovers).toBe(0);
  }, 100_000);
});
