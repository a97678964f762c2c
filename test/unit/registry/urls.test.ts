import { describe, expect, it } from 'vitest';
import { nextPath } from '../../../src/registry/tags.js';
import { isLoopback } from '../../../src/registry/transport.js';

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1:5000', true],
    ['127.0.0.1', true],
    ['127.10.20.30:80', true],
    ['127.1:5000', true],
    ['localhost', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['128.0.0.1', false],
    ['127.example.com', false],
    ['localhost.example.com', false],
    ['ghcr.io', false],
    ['10.0.0.1:5000', false],
    ['[::2]', false],
    ['not a host', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('nextPath', () => {
  const ctx = { host: 'r.example', repository: 'a/b' };
  const page = 'https://r.example/v2/a/b/tags/list?n=2';

  it.each([
    ['/v2/a/b/tags/list?n=2&last=x', '/v2/a/b/tags/list?n=2&last=x'],
    ['https://r.example/v2/a/b/tags/list?last=x', '/v2/a/b/tags/list?last=x'],
    ['http://r.example/v2/a/b/tags/list?last=x', '/v2/a/b/tags/list?last=x'],
    ['list?last=x', '/v2/a/b/tags/list?last=x'],
  ])('resolves %s to %s', (link, expected) => {
    expect(nextPath(ctx, link, page)).toBe(expected);
  });

  it.each([
    ['https://evil.example/v2/a/b/tags/list?last=x', /another host/],
    ['https://r.example:8443/v2/a/b/tags/list', /another host/],
    ['/admin?last=x', /leaves the \/v2\/ API/],
  ])('refuses %s', (link, problem) => {
    expect(() => nextPath(ctx, link, page)).toThrow(problem);
  });
});
