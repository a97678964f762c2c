import { describe, expect, it } from 'vitest';
import { owns, resolveShard, shardOf } from '../../../src/daemon/shard.js';

describe('shards', () => {
  const repos = Array.from({ length: 300 }, (_, i) => ({ registry: 'ghcr.io', repository: `acme/app-${i}` }));

  it('gives every repository to exactly one replica, spread fairly, the same on every replica', () => {
    const count = 3;
    const owners = repos.map((r) => [0, 1, 2].filter((index) => owns({ index, count }, r)));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    const sizes = [0, 1, 2].map((i) => owners.filter((o) => o[0] === i).length);
    for (const size of sizes) expect(size).toBeGreaterThan(60);
    expect(repos.map((r) => shardOf(r, count))).toEqual(repos.map((r) => shardOf({ ...r }, count)));
  });

  it('reads the index from flags, or from the StatefulSet ordinal in the pod name', () => {
    expect(resolveShard(undefined, undefined, 'imagebump-2')).toBeUndefined();
    expect(resolveShard(4, 1, 'whatever')).toEqual({ index: 1, count: 4 });
    expect(resolveShard(4, undefined, 'imagebump-3')).toEqual({ index: 3, count: 4 });
    expect(() => resolveShard(4, undefined, 'imagebump-7')).toThrow('shard index 7 is outside 0..3');
    expect(() => resolveShard(4, undefined, 'imagebump')).toThrow(/needs --shard-index/);
    expect(() => resolveShard(undefined, 1, undefined)).toThrow('--shard-index needs --shard-count');
    expect(() => resolveShard(0, 0, undefined)).toThrow(/positive integer/);
  });
});
