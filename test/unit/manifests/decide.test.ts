import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/manifests/decide.js';
import type { PolicyUpdate } from '../../../src/manifests/index.js';
import { compareDotted, DIGEST_NEW, DIGEST_OLD } from './cases.js';

const plain: PolicyUpdate = { id: 'apps:web', image: 'host:5000/web', tag: '1.2.0', compare: compareDotted };
const pinned: PolicyUpdate = { ...plain, digest: DIGEST_NEW };

describe('decide', () => {
  it.each([
    ['whole', 'host:5000/web:1.1.0', plain, 'host:5000/web:1.2.0'],
    ['whole', 'other/web', plain, 'host:5000/web:1.2.0'],
    ['whole', 'host:5000/web:latest', plain, 'host:5000/web:1.2.0'],
    ['whole', `host:5000/web:1.1.0@${DIGEST_OLD}`, plain, 'host:5000/web:1.2.0'],
    ['whole', `host:5000/web:1.2.0@${DIGEST_OLD}`, pinned, `host:5000/web:1.2.0@${DIGEST_NEW}`],
    ['tag', '1.1.0', plain, '1.2.0'],
    ['tag', 'not-semver', plain, '1.2.0'],
    ['name', 'old/web', plain, 'host:5000/web'],
    ['digest', DIGEST_OLD, pinned, DIGEST_NEW],
  ] as const)('%s %s → %s', (part, current, update, to) => {
    expect(decide(part, current, update)).toEqual({ kind: 'write', to });
  });

  it.each([
    ['whole', 'host:5000/web:1.2.0', plain],
    ['whole', `host:5000/web:1.2.0@${DIGEST_NEW}`, pinned],
    ['tag', '1.2.0', plain],
    ['name', 'host:5000/web', plain],
    ['digest', DIGEST_NEW, pinned],
  ] as const)('%s %s is kept', (part, current, update) => {
    expect(decide(part, current, update)).toEqual({ kind: 'keep' });
  });

  it.each([
    ['whole', 'host:5000/web:1.3.0'],
    ['whole', `host:5000/web:1.3.0@${DIGEST_OLD}`],
    ['tag', '1.3.0'],
    ['tag', 'v2.0.0'],
  ] as const)('refuses to downgrade %s %s and names both values', (part, current) => {
    const decision = decide(part, current, plain);
    expect(decision.kind).toBe('downgrade-prevented');
    if (decision.kind === 'downgrade-prevented') expect(decision.message).toMatch(/1\.2\.0/);
    if (decision.kind === 'downgrade-prevented') expect(decision.message).toContain(current);
  });

  it('proceeds without an ordering, or when the ordering throws', () => {
    const { compare: _compare, ...unordered } = plain;
    expect(decide('tag', '9.9.9', unordered)).toEqual({ kind: 'write', to: '1.2.0' });
    const throwing = { ...plain, compare: () => { throw new Error('boom'); } };
    expect(decide('tag', '9.9.9', throwing)).toEqual({ kind: 'write', to: '1.2.0' });
  });

  it('warns when a digest marker meets a policy without digests', () => {
    expect(decide('digest', DIGEST_OLD, plain)).toMatchObject({ kind: 'no-digest' });
  });
});
