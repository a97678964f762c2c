import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/config/types.js';
import { routePolicies } from '../../../src/publish/groups.js';

const p = (id: string, update?: Policy['update']) => ({ id, update }) as Policy;
const POLICIES = [p('apps:web', { group: 'frontend' }), p('apps:ui', { group: 'frontend' }), p('apps:api'), p('apps:db', { write: 'commit' })];
const groups = (r: ReturnType<typeof routePolicies>) => Object.fromEntries([...r.pullRequests].map(([k, v]) => [k, [...v]]));

describe('routing policies to a commit or to pull request groups', () => {
  it('all in one pull request; policies may ask to be committed instead', () => {
    const r = routePolicies(POLICIES, 'pull-request', 'all');
    expect([...r.commit]).toEqual(['apps:db']);
    expect(groups(r)).toEqual({ all: ['apps:api', 'apps:ui', 'apps:web'] });
  });

  it('one per policy', () => {
    expect(groups(routePolicies(POLICIES, 'pull-request', 'policy'))).toEqual({ 'apps.api': ['apps:api'], 'apps.ui': ['apps:ui'], 'apps.web': ['apps:web'] });
  });

  it('one per group key; a policy without one gets its own', () => {
    expect(groups(routePolicies(POLICIES, 'pull-request', 'group'))).toEqual({ 'apps.api': ['apps:api'], frontend: ['apps:ui', 'apps:web'] });
  });

  it('commit mode by default, a policy may ask for a pull request', () => {
    const r = routePolicies([p('apps:web', { write: 'pull-request' }), p('apps:api')], 'commit', 'all');
    expect([...r.commit]).toEqual(['apps:api']);
    expect(groups(r)).toEqual({ all: ['apps:web'] });
  });
});
