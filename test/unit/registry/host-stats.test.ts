import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../../src/registry/host-stats.js';

describe("Docker Hub's RateLimit headers", () => {
  it('reads limit, remaining and the window', () => {
    expect(parseRateLimit({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' })).toEqual({
      limit: 100,
      remaining: 76,
      windowSeconds: 21600,
    });
  });

  it('accepts values without a window', () => {
    expect(parseRateLimit({ 'ratelimit-limit': '200', 'ratelimit-remaining': '0' })).toEqual({ limit: 200, remaining: 0 });
  });

  it('ignores answers without both headers or with nonsense', () => {
    expect(parseRateLimit({})).toBeUndefined();
    expect(parseRateLimit({ 'ratelimit-limit': '100;w=21600' })).toBeUndefined();
    expect(parseRateLimit({ 'ratelimit-limit': 'lots', 'ratelimit-remaining': '1' })).toBeUndefined();
  });
});
