import { describe, expect, it } from 'vitest';
import { TokenCache, tokenKey } from '../../../src/registry/token-cache.js';

describe('TokenCache', () => {
  it.each([
    // [expires_in, still cached at (ms), gone at (ms)]
    [300, 289_999, 290_000], // 10 s margin
    [undefined, 49_999, 50_000], // default 60 s, 10 s margin
    [8, 3_999, 4_000], // short lifetimes keep half
  ])('a token with expires_in %s is served until shortly before it expires', (expiresIn, kept, gone) => {
    let now = 1_000;
    const cache = new TokenCache(() => now);
    cache.set('k', 'tok', expiresIn);
    now += kept;
    expect(cache.get('k')).toBe('tok');
    now = 1_000 + gone;
    expect(cache.get('k')).toBeUndefined();
  });

  it('keys tokens by realm, service and scope', () => {
    const cache = new TokenCache(() => 0);
    cache.set(tokenKey('https://a/token', 'svc', 'repository:x:pull'), 'one');
    expect(cache.get(tokenKey('https://a/token', 'svc', 'repository:x:pull'))).toBe('one');
    expect(cache.get(tokenKey('https://a/token', 'svc', 'repository:y:pull'))).toBeUndefined();
    expect(cache.get(tokenKey('https://a/token', 'other', 'repository:x:pull'))).toBeUndefined();
    expect(cache.get(tokenKey('https://b/token', 'svc', 'repository:x:pull'))).toBeUndefined();
  });

  it('forgets a deleted token', () => {
    const cache = new TokenCache(() => 0);
    cache.set('k', 'tok');
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
  });
});
