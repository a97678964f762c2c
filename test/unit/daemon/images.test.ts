import { describe, expect, it } from 'vitest';
import { matchesRepo, normaliseHost, parsePushedReference } from '../../../src/daemon/images.js';

describe('pushed images', () => {
  it('folds Docker Hub names and default ports', () => {
    expect(normaliseHost('Registry-1.Docker.io')).toBe('docker.io');
    expect(normaliseHost('harbor.example.com:443')).toBe('harbor.example.com');
    expect(normaliseHost('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });

  it('matches repositories exactly, official Docker Hub images under library/, GitLab prefixes below the project', () => {
    expect(matchesRepo({ host: 'docker.io', repository: 'nginx' }, { registry: 'docker.io', repository: 'library/nginx' })).toBe(true);
    expect(matchesRepo({ host: 'ghcr.io', repository: 'acme/web' }, { registry: 'ghcr.io', repository: 'acme/web-api' })).toBe(false);
    expect(matchesRepo({ host: 'ghcr.io', repository: 'acme/web' }, { registry: 'quay.io', repository: 'acme/web' })).toBe(false);
    const project = { host: 'registry.gitlab.com', repository: 'acme/web', prefix: true };
    expect(matchesRepo(project, { registry: 'registry.gitlab.com', repository: 'acme/web/api' })).toBe(true);
    expect(matchesRepo(project, { registry: 'registry.gitlab.com', repository: 'acme/webby' })).toBe(false);
  });

  it('parses references as pushers write them', () => {
    expect(parsePushedReference('127.0.0.1:5000/acme/web:1.2.0')).toEqual({ host: '127.0.0.1:5000', repository: 'acme/web', tag: '1.2.0' });
    expect(parsePushedReference('acme/web@sha256:abc')).toEqual({ host: 'docker.io', repository: 'acme/web' });
    expect(parsePushedReference('not a ref')).toBeUndefined();
  });
});
