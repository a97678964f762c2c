import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore } from '../../../src/registry/limits.js';

describe('Semaphore', () => {
  it('lets `limit` holders in and hands each released slot to the next waiter in order', async () => {
    const sem = new Semaphore(2);
    const order: string[] = [];
    const a = await sem.acquire();
    const b = await sem.acquire();
    const c = sem.acquire().then((release) => (order.push('c'), release));
    const d = sem.acquire().then((release) => (order.push('d'), release));
    expect(sem.inFlight).toBe(2);
    expect(sem.queued).toBe(2);
    a();
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(sem.inFlight).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    expect(sem.inFlight).toBe(0);
    await sem.acquire();
    expect(sem.inFlight).toBe(1);
  });
});

describe('RateLimiter (token bucket)', () => {
  it('lets a burst start at once, then spaces requests at the rate', () => {
    const limiter = new RateLimiter(2, 3, () => 1_000);
    expect(Array.from({ length: 6 }, () => limiter.reserve())).toEqual([0, 0, 0, 500, 1000, 1500]);
  });

  it('refills while idle, up to the burst', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 2, () => now);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 100]);
    now += 10_000;
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 100]);
  });

  it('does not limit at rate 0', () => {
    const limiter = new RateLimiter(0, 1, () => 0);
    expect(Array.from({ length: 5 }, () => limiter.reserve())).toEqual([0, 0, 0, 0, 0]);
  });
});
