import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchName, parseBranchName, policyGroup } from '../../../src/forge/branch-name.js';

describe('pull request branch names', () => {
  it('are PREFIX/TARGET/GROUP and parse back, also when the target has slashes', () => {
    expect(branchName({ prefix: 'imagebump', target: 'main', group: 'all' })).toBe('imagebump/main/all');
    expect(parseBranchName('imagebump/release/1.x/web', 'imagebump')).toEqual({ prefix: 'imagebump', target: 'release/1.x', group: 'web' });
    expect(parseBranchName('other/main/all', 'imagebump')).toBeUndefined();
    expect(parseBranchName('imagebump/main', 'imagebump')).toBeUndefined();
  });

  it('round-trip for any valid target and group', () => {
    const seg = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 3 }), seg, (target, group) => {
        const name = branchName({ prefix: 'imagebump', target: target.join('/'), group });
        expect(parseBranchName(name, 'imagebump')).toEqual({ prefix: 'imagebump', target: target.join('/'), group });
      }),
    );
  });

  it.each([
    ['a group with a slash', { prefix: 'imagebump', target: 'main', group: 'a/b' }],
    ['a space', { prefix: 'imagebump', target: 'main', group: 'a b' }],
    ['..', { prefix: 'imagebump', target: 'a..b', group: 'all' }],
    ['.lock', { prefix: 'imagebump', target: 'main', group: 'x.lock' }],
    ['@{', { prefix: 'imagebump', target: 'main@{1}', group: 'all' }],
  ])('refuses %s', (_what, parts) => {
    expect(() => branchName(parts)).toThrow(/invalid pull request branch/);
  });

  it('names a policy group namespace.name, which no group key can be', () => {
    expect(policyGroup('apps:web')).toBe('apps.web');
    expect(policyGroup('default:my.app')).toBe('default.my.app');
  });
});
