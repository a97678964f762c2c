import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, pickChallenge } from '../../../src/registry/challenge.js';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Docker Hub',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } }],
    ],
    [
      'commas inside quotes',
      'Bearer realm="https://r/token",scope="repository:a/b:pull,push",error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'https://r/token', scope: 'repository:a/b:pull,push', error: 'insufficient_scope' } }],
    ],
    ['Basic', 'Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'spaces around separators, unquoted values, mixed-case names',
      'bEaReR  Realm = https://r/t ,  Service=reg',
      [{ scheme: 'bearer', params: { realm: 'https://r/t', service: 'reg' } }],
    ],
    ['escaped quotes', 'Basic realm="say \\"hi\\", ok"', [{ scheme: 'basic', params: { realm: 'say "hi", ok' } }]],
    [
      'two challenges in one header',
      'Basic realm="basic, realm", Bearer realm="https://r/t",service="s"',
      [
        { scheme: 'basic', params: { realm: 'basic, realm' } },
        { scheme: 'bearer', params: { realm: 'https://r/t', service: 's' } },
      ],
    ],
    ['a scheme without params', 'Negotiate', [{ scheme: 'negotiate', params: {} }]],
    ['empty', '', []],
    ['garbage after a challenge is ignored', 'Basic realm="x" "stray', [{ scheme: 'basic', params: { realm: 'x' } }]],
    ['unterminated quote', 'Bearer realm="https://r/t', [{ scheme: 'bearer', params: { realm: 'https://r/t' } }]],
  ])('%s', (_name, header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

describe('pickChallenge', () => {
  it('prefers Bearer, then Basic, and ignores schemes it cannot answer', () => {
    expect(pickChallenge(parseWwwAuthenticate('Basic realm="a", Bearer realm="b"'))?.scheme).toBe('bearer');
    expect(pickChallenge(parseWwwAuthenticate('Negotiate, Basic realm="a"'))?.scheme).toBe('basic');
    expect(pickChallenge(parseWwwAuthenticate('Negotiate'))).toBeUndefined();
  });
});
