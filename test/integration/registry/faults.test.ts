import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BREAKER_COOLDOWN_MS } from '../../../src/registry/host-gate.js';
import { createRegistryClient, RegistryError, type RegistryClient, type RegistryHostSettings } from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let proxy: FaultProxy;
const REPOS = ['team/a', 'team/b', 'team/c', 'team/d', 'team/e', 'team/f'];
const TAGS = /\/tags\/list/;

beforeAll(async () => {
  registry = await startRegistry();
  for (const repo of REPOS) await pushImage(registry.url, repo, '1.0.0');
  proxy = await startFaultProxy(registry.url);
});

afterEach(() => {
  proxy.script([]);
  proxy.requests.length = 0;
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

interface Harness {
  client: RegistryClient;
  /** Every wait the client asked for (backoff, Retry-After, rate), in order. */
  sleeps: number[];
  advance(ms: number): void;
}

/**
 * A client on a virtual clock: sleeping advances it instantly, so waits are asserted exactly and the
 * tests take no time. The proxy host gets `settings`; the registry itself is the healthy control.
 */
function harness(settings: RegistryHostSettings = {}, timeoutMs = 5_000): Harness {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const client = createRegistryClient({
    settingsFor: (name) => ({ insecure: true, requestsPerSecond: 0, ...(name === proxy.host ? settings : {}) }),
    timeoutMs,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 1,
  });
  clients.push(client);
  return { client, sleeps, advance: (ms) => void (now += ms) };
}

const clients: RegistryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

const via = (repository: string) => ({ registry: proxy.host, repository });
const hostStats = (h: Harness) => h.client.stats().hosts?.[proxy.host];

describe('retries', () => {
  it('honours Retry-After on 429, pausing the host that long, and succeeds', async () => {
    proxy.script([{ path: TAGS, times: 2, fault: { status: 429, headers: { 'retry-after': '3' } } }]);
    const h = harness();
    expect((await h.client.listTags(via('team/a'))).tags).toEqual(['1.0.0']);
    expect(proxy.count(TAGS)).toBe(3);
    expect(h.sleeps).toEqual([3000, 3000]);
    expect(hostStats(h)).toMatchObject({ requests: 3, retries: 2, throttled: 2 });
  });

  it('backs off exponentially on 503 and gives up after the retry budget', async () => {
    proxy.script([{ path: TAGS, fault: { status: 503 } }]);
    const h = harness({ maxRetries: 3 });
    const err = await h.client.listTags(via('team/a')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', status: 503, host: proxy.host });
    expect((err as Error).message).toBe(`registry ${proxy.host}, repository team/a: HTTP 503 UNAVAILABLE: injected by the fault proxy`);
    expect(proxy.count(TAGS)).toBe(4);
    expect(h.sleeps).toEqual([500, 1000, 2000]); // random() = 1: the top of each jittered step
  });

  it('waits for Retry-After on 503 too', async () => {
    proxy.script([{ path: TAGS, times: 1, fault: { status: 503, headers: { 'retry-after': '1' } } }]);
    const h = harness();
    await h.client.listTags(via('team/a'));
    expect(h.sleeps).toEqual([1000]);
  });

  it.each([
    ['a reset connection', { kind: 'reset' } as const],
    ['a body cut off mid-way', { kind: 'cut' } as const],
  ])('retries %s and succeeds', async (_what, fault) => {
    proxy.script([{ path: TAGS, times: 1, fault }]);
    const h = harness();
    expect((await h.client.listTags(via('team/b'))).tags).toEqual(['1.0.0']);
    expect(proxy.count(TAGS)).toBe(2);
    expect(hostStats(h)).toMatchObject({ retries: 1, networkFailures: 1 });
  });

  it('does not retry a complete answer whose JSON is truncated: a protocol error, named', async () => {
    proxy.script([{ path: TAGS, fault: { kind: 'truncated-body' } }]);
    const h = harness();
    const err = await h.client.listTags(via('team/b')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol', host: proxy.host });
    expect((err as Error).message).toMatch(/^registry .*, repository team\/b: tags\/list: the body is not JSON \(\d+ bytes\)$/);
    expect(proxy.count(TAGS)).toBe(1);
  });

  it('never retries 404', async () => {
    const h = harness();
    await expect(h.client.listTags(via('team/missing'))).rejects.toMatchObject({ kind: 'not-found' });
    expect(proxy.count(TAGS)).toBe(1);
  });
});

describe('a registry that stops answering', () => {
  it('times every attempt out, retries within budget, then short-circuits the host for the cooldown', async () => {
    proxy.script([{ path: TAGS, fault: { kind: 'hang' } }]);
    const h = harness({ maxRetries: 1 }, 300);
    const err = await h.client.listTags(via('team/c')).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', host: proxy.host });
    expect((err as Error).message).toBe(`registry ${proxy.host}, repository team/c: request timed out`);
    expect(proxy.count(TAGS)).toBe(2);

    const next = await h.client.listTags(via('team/d')).catch((e: unknown) => e);
    expect((next as Error).message).toMatch(/team\/d: not tried: the host failed moments ago \(request timed out\); trying again in 30 s$/);
    expect(proxy.count(TAGS)).toBe(2);
    expect(hostStats(h)).toMatchObject({ shortCircuited: 1 });

    proxy.script([]);
    h.advance(BREAKER_COOLDOWN_MS);
    expect((await h.client.listTags(via('team/d'))).tags).toEqual(['1.0.0']);
  });

  it('does not hold up other registries, and keeps its own requests within its concurrency', async () => {
    proxy.script([{ path: TAGS, fault: { kind: 'hang' } }]);
    const h = harness({ concurrency: 2, maxRetries: 0 }, 3_000);
    let settled = 0;
    const stuck = REPOS.slice(0, 5).map((repository) => h.client.listTags(via(repository)).finally(() => (settled += 1)));
    // Settled whatever happens below, so no request of this test reaches the proxy during the next one.
    const results = Promise.allSettled(stuck);
    try {
      const healthy = await Promise.all(REPOS.map((repository) => h.client.listTags({ registry: registry.host, repository })));
      expect(healthy.map((l) => l.tags)).toEqual(REPOS.map(() => ['1.0.0']));
      expect(settled).toBe(0);
      // Two are sent (on a loaded machine they may still be on their way), the other three wait for a slot.
      await vi.waitFor(() => expect(proxy.count(TAGS)).toBe(2), { timeout: 2_000 });
      expect(settled).toBe(0);
    } finally {
      await results;
    }
    expect((await results).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    // The first two timed out; the three queued behind them were refused without being sent.
    expect(proxy.count(TAGS)).toBe(2);
    expect(hostStats(h)).toMatchObject({ requests: 2, shortCircuited: 3 });
  });
});

describe('rate limits', () => {
  it('fails at once when Retry-After is longer than a cycle waits, and holds the host until then', async () => {
    proxy.script([{ path: TAGS, fault: { status: 429, headers: { 'retry-after': '21600' } } }]);
    const h = harness();
    const err = await h.client.listTags(via('team/e')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 21_600_000 });
    expect((err as Error).message).toContain('(retry after 21600 s)');
    const next = await h.client.listTags(via('team/f')).catch((e: unknown) => e);
    expect(next).toMatchObject({ kind: 'rate-limited', retryAfterMs: 21_600_000 });
    expect((next as Error).message).toMatch(/team\/f: not tried: the registry asked to wait \(Retry-After\) 21600 s more$/);
    expect(proxy.count(TAGS)).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('spaces requests at requestsPerSecond after the burst', async () => {
    const h = harness({ requestsPerSecond: 2, burst: 1 });
    for (const repository of REPOS.slice(0, 4)) await h.client.listTags(via(repository));
    expect(h.sleeps).toEqual([500, 500, 500]);
  });

  it("exposes Docker Hub's RateLimit headers per host", async () => {
    const page = JSON.stringify({ name: 'team/a', tags: ['1.0.0'] });
    const headers = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '97;w=21600' };
    proxy.script([{ path: TAGS, times: 1, fault: { status: 200, headers, body: page } }]);
    const h = harness();
    await h.client.listTags(via('team/a'));
    expect(hostStats(h)?.rateLimit).toEqual({ limit: 100, remaining: 97, windowSeconds: 21600 });
  });
});
