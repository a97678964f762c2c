import { describe, expect, it } from 'vitest';
import { canonicalRepository, repositoryPathToken, sameRepository } from '../../../src/manifests/image-name.js';

describe('image-name normalisation (pure core copy of Docker\'s rules)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['library/nginx', 'docker.io/library/nginx'],
    ['docker.io/nginx', 'docker.io/library/nginx'],
    ['docker.io/library/nginx', 'docker.io/library/nginx'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx'],
    ['registry-1.docker.io/bitnami/redis', 'docker.io/bitnami/redis'],
    ['bitnami/redis', 'docker.io/bitnami/redis'],
    ['GHCR.io/acme/web', 'ghcr.io/acme/web'],
    ['localhost/web', 'localhost/web'],
    ['localhost:5000/web', 'localhost:5000/web'],
    ['registry.example.com:5000/team/api', 'registry.example.com:5000/team/api'],
  ])('%s is %s', (name, canonical) => expect(canonicalRepository(name)).toBe(canonical));

  it('tells different repositories apart', () => {
    expect(sameRepository('nginx', 'docker.io/library/nginx')).toBe(true);
    expect(sameRepository('nginx', 'quay.io/nginx')).toBe(false);
    expect(sameRepository('acme/web', 'ghcr.io/acme/web')).toBe(false);
    expect(sameRepository('ghcr.io/acme/web', 'ghcr.io/acme/web-metrics')).toBe(false);
  });

  it.each([
    ['ghcr.io/acme/web', 'web'],
    ['nginx', 'nginx'],
    ['docker.io/library/nginx', 'nginx'],
    ['bitnami/redis', 'redis'],
    ['localhost:5000/web', 'web'],
  ])('screens files for %s by the bytes %s', (name, token) => expect(repositoryPathToken(name)).toBe(token));
});
