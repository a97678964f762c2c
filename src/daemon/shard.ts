import { createHash } from 'node:crypto';
import type { ImageRepo } from '../registry/types.js';

/** This replica's slice of the policies: replica `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The replica that owns an image repository. Keyed by the repository rather than the policy name so
 * that policies sharing an image land on one replica and each repository is polled once.
 */
export function shardOf(repo: ImageRepo, count: number): number {
  const digest = createHash('sha256').update(`${repo.registry.toLowerCase()}/${repo.repository}`).digest();
  return digest.readUInt32BE(0) % count;
}

export function owns(shard: Shard | undefined, repo: ImageRepo): boolean {
  return shard === undefined || shard.count <= 1 || shardOf(repo, shard.count) === shard.index;
}

/**
 * Reads the shard from flags (or their environment variables); without an index, from the ordinal a
 * StatefulSet puts at the end of the pod name (`imagebump-2` → 2). Throws a message for the user.
 */
export function resolveShard(count: number | undefined, index: number | undefined, podName: string | undefined): Shard | undefined {
  if (count === undefined) {
    if (index !== undefined) throw new Error('--shard-index needs --shard-count');
    return undefined;
  }
  if (!Number.isInteger(count) || count < 1) throw new Error(`--shard-count must be a positive integer, got ${count}`);
  const resolved = index ?? ordinalOf(podName);
  if (resolved === undefined) {
    throw new Error('--shard-count needs --shard-index, or a pod name ending in its StatefulSet ordinal (POD_NAME or HOSTNAME, e.g. imagebump-0)');
  }
  if (!Number.isInteger(resolved) || resolved < 0 || resolved >= count) {
    throw new Error(`shard index ${resolved} is outside 0..${count - 1}`);
  }
  return { index: resolved, count };
}

function ordinalOf(podName: string | undefined): number | undefined {
  const m = podName?.match(/-(\d+)$/);
  return m ? Number(m[1]) : undefined;
}
