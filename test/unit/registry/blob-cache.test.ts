import { describe, expect, it } from 'vitest';
import { DigestCache } from '../../../src/registry/blob-cache.js';
import { decodeImageConfig } from '../../../src/registry/image-config.js';
import { decodeManifest } from '../../../src/registry/manifest-schema.js';

describe('DigestCache', () => {
  it('loads a digest once and serves it from memory afterwards', async () => {
    const cache = new DigestCache<string>(10);
    let loads = 0;
    const load = async () => `value-${++loads}`;
    expect(await cache.get('sha256:a', load)).toBe('value-1');
    expect(await cache.get('sha256:a', load)).toBe('value-1');
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, entries: 1 });
  });

  it('shares a load in flight between concurrent callers', async () => {
    const cache = new DigestCache<number>(10);
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setImmediate(() => resolve(++loads)));
    expect(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])).toEqual([1, 1, 1]);
  });

  it('forgets failures, so the next caller tries again', async () => {
    const cache = new DigestCache<string>(10);
    await expect(cache.get('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new DigestCache<string>(2);
    let loads = 0;
    const load = async () => String(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a is now more recent than b
    await cache.get('c', load); // evicts b
    expect(cache.stats().entries).toBe(2);
    expect(await cache.get('a', load)).toBe('1');
    expect(await cache.get('b', load)).toBe('4');
  });
});

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const D = `sha256:${'a'.repeat(64)}`;

describe('decodeManifest', () => {
  it('reads an OCI index: children with normalised platforms, attestations without one, string annotations only', () => {
    const body = json({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: D, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: D, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
      annotations: { 'org.opencontainers.image.source': 'https://example.test/src', odd: 7 },
    });
    const decoded = decodeManifest(body, D, undefined);
    expect(decoded).toEqual({
      ok: true,
      value: {
        kind: 'index', digest: D, mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { digest: D, mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { os: 'linux', architecture: 'arm64' } },
          { digest: D, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
        ],
        annotations: { 'org.opencontainers.image.source': 'https://example.test/src' },
      },
    });
  });

  it('reads a Docker v2 image manifest by its Content-Type', () => {
    const body = json({ schemaVersion: 2, config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: D }, layers: [] });
    const decoded = decodeManifest(body, D, 'application/vnd.docker.distribution.manifest.v2+json');
    expect(decoded).toMatchObject({ ok: true, value: { kind: 'image', config: { digest: D }, annotations: {} } });
  });

  it('refuses Docker schema 1 and bodies that are not manifests', () => {
    expect(decodeManifest(json({ schemaVersion: 1, fsLayers: [] }), D, undefined)).toMatchObject({ ok: false, problem: expect.stringContaining('schema 1') });
    expect(decodeManifest(Buffer.from('nope'), D, undefined)).toMatchObject({ ok: false });
  });
});

describe('decodeImageConfig', () => {
  it('reads created, platform and labels', () => {
    const body = json({ created: '2024-05-01T12:00:00.123456789Z', os: 'linux', architecture: 'aarch64', config: { Labels: { a: 'b', n: 1 } } });
    expect(decodeImageConfig(body)).toEqual({
      ok: true,
      value: { created: '2024-05-01T12:00:00.123456789Z', platform: { os: 'linux', architecture: 'arm64' }, labels: { a: 'b' } },
    });
  });

  it('tolerates missing or odd fields', () => {
    expect(decodeImageConfig(json({ created: 5, config: null }))).toEqual({ ok: true, value: { labels: {} } });
  });
});
