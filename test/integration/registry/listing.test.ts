import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryError, type RegistryClient } from '../../../src/registry/index.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0', 'latest']) await pushImage(registry.url, 'team/app', tag);
  client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
});

afterAll(async () => {
  client?.close();
  await registry?.stop();
});

describe('listTags against a real registry, anonymously', () => {
  it('lists every tag of a repository in one page', async () => {
    const list = await client.listTags({ registry: registry.host, repository: 'team/app' });
    expect([...list.tags].sort()).toEqual(['1.0.0', '1.1.0', 'latest']);
    expect(list).toMatchObject({ pages: 1, truncated: false, dropped: 0 });
  });

  it('reports an unknown repository as not-found, naming host, repository and code', async () => {
    const err = await client.listTags({ registry: registry.host, repository: 'team/missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'not-found', host: registry.host, status: 404 });
    expect((err as Error).message).toContain(registry.host);
    expect((err as Error).message).toContain('team/missing');
    expect((err as Error).message).toContain('NAME_UNKNOWN');
  });

  it('refuses a repository name outside the reference grammar without sending anything', async () => {
    const before = client.stats().requests[registry.host] ?? 0;
    const err = await client.listTags({ registry: registry.host, repository: '../../etc' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not-found' });
    expect(client.stats().requests[registry.host] ?? 0).toBe(before);
  });

  it('counts requests per host', async () => {
    const fresh = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    await fresh.listTags({ registry: registry.host, repository: 'team/app' });
    await fresh.listTags({ registry: registry.host, repository: 'team/app' });
    expect(fresh.stats().requests).toEqual({ [registry.host]: 2 });
    fresh.close();
  });
});
