import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, MANIFEST_MEDIA_TYPES, type RegistryClient } from '../../../src/registry/index.js';
import { startPagingProxy, type PagingProxy } from '../../helpers/paging-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

const [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST] = MANIFEST_MEDIA_TYPES;

let registry: TestRegistry;
let stripping: PagingProxy;
let client: RegistryClient;
const pushed: Record<string, string> = {};

beforeAll(async () => {
  registry = await startRegistry();
  stripping = await startPagingProxy(registry.url, { dropHeaders: ['docker-content-digest'] });
  const url = registry.url;
  pushed.oci = await pushImage(url, 'shop/api', '1.0.0', { annotations: { 'org.opencontainers.image.revision': 'abc' } });
  pushed.ociIndex = await pushImage(url, 'shop/api', '2.0.0', { archs: ['amd64', 'arm64'] });
  pushed.docker = await pushImage(url, 'shop/api', '3.0.0', { format: 'docker' });
  pushed.dockerList = await pushImage(url, 'shop/api', '4.0.0', { format: 'docker', archs: ['amd64', 'arm64'] });
  client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
});

afterAll(async () => {
  client?.close();
  await stripping?.stop();
  await registry?.stop();
});

describe('headManifest', () => {
  it.each([
    ['an OCI image', '1.0.0', 'oci', OCI_MANIFEST],
    ['an OCI multi-arch index', '2.0.0', 'ociIndex', OCI_INDEX],
    ['a Docker v2 image', '3.0.0', 'docker', DOCKER_MANIFEST],
    ['a Docker manifest list', '4.0.0', 'dockerList', DOCKER_LIST],
  ])('returns the pushed digest and media type of %s', async (_what, tag, key, mediaType) => {
    const head = await client.headManifest({ registry: registry.host, repository: 'shop/api' }, tag);
    expect(head).toEqual({ digest: pushed[key], mediaType });
  });

  it('resolves a digest reference to itself', async () => {
    const head = await client.headManifest({ registry: registry.host, repository: 'shop/api' }, pushed.ociIndex as string);
    expect(head.digest).toBe(pushed.ociIndex);
  });

  it('reports an unknown tag as not-found with the registry code', async () => {
    const err = await client.headManifest({ registry: registry.host, repository: 'shop/api' }, '9.9.9').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect((err as Error).message).toContain('shop/api');
  });

  it('refuses a reference that is neither a tag nor a digest', async () => {
    const err = await client.headManifest({ registry: registry.host, repository: 'shop/api' }, '../x').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not-found' });
    expect((err as Error).message).toContain('"../x"');
  });

  it('falls back to GET and hashes the body when Docker-Content-Digest is missing', async () => {
    const viaProxy = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    const repo = { registry: stripping.host, repository: 'shop/api' };
    expect(await viaProxy.headManifest(repo, '2.0.0')).toEqual({ digest: pushed.ociIndex, mediaType: OCI_INDEX });
    expect(viaProxy.stats().requests[stripping.host]).toBe(2);
    viaProxy.close();
  });
});
