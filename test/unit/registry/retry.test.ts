import { describe, expect, it } from 'vitest';
import { NetworkFailure } from '../../../src/registry/errors.js';
import { backoff, decideRetry, RETRY_DEFAULTS, type RetryPolicy } from '../../../src/registry/retry.js';
import type { HttpResponse } from '../../../src/registry/transport.js';

const policy: RetryPolicy = { ...RETRY_DEFAULTS, maxRetries: 2 };
const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: Buffer.alloc(0), url: 'http://r/v2/' });

describe('decideRetry', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(decideRetry(answer(status), 0, policy)).toMatchObject({ retry: true });
  });

  it.each([200, 301, 400, 401, 403, 404])('does not retry HTTP %i', (status) => {
    expect(decideRetry(answer(status), 0, policy)).toEqual({ retry: false });
  });

  it.each([
    ['ECONNRESET', false, true],
    ['ETRUNCATED', false, true],
    ['ETIMEDOUT', true, true],
    ['ECONNREFUSED', false, false],
    ['ENOTFOUND', false, false],
    ['EPROTO', false, false],
    ['CERT_HAS_EXPIRED', false, false],
  ] as const)('network failure %s: retried %s', (code, timedOut, retried) => {
    expect(decideRetry(new NetworkFailure(code, timedOut), 0, policy).retry).toBe(retried);
  });

  it('stops after maxRetries', () => {
    expect(decideRetry(answer(503), 1, policy).retry).toBe(true);
    expect(decideRetry(answer(503), 2, policy).retry).toBe(false);
    expect(decideRetry(answer(503), 0, { ...policy, maxRetries: 0 }).retry).toBe(false);
  });

  it('waits as long as Retry-After says, in seconds or as a date', () => {
    expect(decideRetry(answer(429, { 'retry-after': '3' }), 0, policy)).toEqual({ retry: true, delayMs: 3000, retryAfter: true });
    const at = new Date(Date.now() + 5_000).toUTCString();
    const byDate = decideRetry(answer(503, { 'retry-after': at }), 0, policy);
    expect(byDate).toMatchObject({ retry: true, retryAfter: true });
    expect(byDate.retry && byDate.delayMs).toBeGreaterThan(3_000);
  });

  it('gives up at once when Retry-After is longer than a cycle should wait', () => {
    expect(decideRetry(answer(429, { 'retry-after': '21600' }), 0, policy)).toEqual({ retry: false });
  });
});

describe('backoff', () => {
  it('doubles per attempt with up to half of each step random, capped', () => {
    const low = () => 0;
    const high = () => 1;
    expect([0, 1, 2, 3].map((n) => backoff(n, policy, low))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((n) => backoff(n, policy, high))).toEqual([500, 1000, 2000, 4000]);
    expect(backoff(20, policy, high)).toBe(RETRY_DEFAULTS.maxDelayMs);
  });
});
