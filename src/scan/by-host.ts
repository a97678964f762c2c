import { HOST_DEFAULTS } from '../registry/settings.js';
import { forEachLimited } from './limit.js';

/** How many of a registry's repositories are worked on at once; `registry` as image references spell it. */
export type HostConcurrency = (registry: string) => number;

/**
 * Each registry's `concurrency` from the config's `registries:` (the default for hosts without an
 * entry): the same limit the client's per-host gate enforces, so a scan worker never waits on a slot
 * another of its own workers holds.
 */
export function hostConcurrency(entries: readonly { host: string; concurrency?: number }[]): HostConcurrency {
  const configured = new Map(entries.map((e) => [registryName(e.host), e.concurrency]));
  return (registry) => configured.get(registryName(registry)) ?? HOST_DEFAULTS.concurrency;
}

export const defaultConcurrency: HostConcurrency = () => HOST_DEFAULTS.concurrency;

/**
 * Runs `fn` over `items` grouped by registry host: each host gets its own queue and its own workers,
 * and the hosts run side by side. There is deliberately no cap across hosts: a host that hangs holds
 * only its own workers while its requests time out, so every other registry is scanned as if it
 * were not there.
 */
export async function forEachByHost<T>(
  items: readonly T[],
  hostOf: (item: T) => string,
  concurrencyOf: HostConcurrency,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const queues = new Map<string, T[]>();
  for (const item of items) {
    const host = hostOf(item);
    const queue = queues.get(host);
    if (queue) queue.push(item);
    else queues.set(host, [item]);
  }
  await Promise.all([...queues].map(([host, queue]) => forEachLimited(queue, Math.max(1, concurrencyOf(host)), fn)));
}

/** Docker Hub's historic names are one registry, as the client's settings lookup treats them. */
function registryName(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? 'docker.io' : host;
}
