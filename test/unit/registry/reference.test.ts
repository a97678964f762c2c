import { describe, expect, it } from 'vitest';
import { apiBase, InvalidReferenceError, parseImageRepo } from '../../../src/registry/reference.js';

describe('parseImageRepo', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx'],
    ['docker.io/nginx', 'docker.io', 'library/nginx'],
    ['index.docker.io/nginx', 'docker.io', 'library/nginx'],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx'],
    ['bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['index.docker.io/bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['ghcr.io/fluxcd/flux-cli', 'ghcr.io', 'fluxcd/flux-cli'],
    ['quay.io/org/sub/image', 'quay.io', 'org/sub/image'],
    ['localhost/app', 'localhost', 'app'],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000', 'team/app'],
    ['[::1]:5000/app', '[::1]:5000', 'app'],
    ['registry:5000/app', 'registry:5000', 'app'],
    ['my-registry.example.com/a.b/c_d/e__f/g-h/i--j', 'my-registry.example.com', 'a.b/c_d/e__f/g-h/i--j'],
    ['team/app', 'docker.io', 'team/app'],
    ['registry-1.docker.io/library/nginx', 'registry-1.docker.io', 'library/nginx'],
  ])('%s → %s + %s', (image, registry, repository) => {
    expect(parseImageRepo(image)).toEqual({ registry, repository });
  });

  it.each([
    ['', /empty/],
    ['Nginx', /lowercase/],
    ['ghcr.io/Org/app', /lowercase/],
    ['nginx:1.25', /tag/],
    ['ghcr.io/org/app:latest', /tag/],
    ['nginx@sha256:' + 'a'.repeat(64), /digest/],
    ['ghcr.io/', /empty/],
    ['ghcr.io//app', /empty segment/],
    ['team/app/', /empty segment/],
    ['team/-app', /separators/],
    ['team/app_', /separators/],
    ['team/a..b', /separators/],
    ['team/a b', /separators/],
    ['-bad.io/app', /not a valid registry host/],
    ['a'.repeat(64).replace(/a/g, 'f'), /image ID/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255/],
  ])('rejects %j with a message naming it', (image, reason) => {
    let thrown: unknown;
    try {
      parseImageRepo(image);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidReferenceError);
    expect((thrown as Error).message).toContain(JSON.stringify(image));
    expect((thrown as Error).message).toMatch(reason);
  });
});

describe('apiBase', () => {
  it.each([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
  ])('%s is served from %s', (registry, host) => {
    expect(apiBase(registry)).toBe(host);
  });
});
