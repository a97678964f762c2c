import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient, type RegistryClientOptions } from '../../../src/registry/index.js';
import { startPagingProxy, type PagingProxy } from '../../helpers/paging-proxy.js';
import { pushImage, tagManifest } from '../../helpers/push-image.js';
import { seedTags, startRegistry, type TestRegistry } from '../../helpers/registry.js';

const TAG_COUNT = 2_500;
const allTags = Array.from({ length: TAG_COUNT }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`);

let registry: TestRegistry;
let relative: PagingProxy;
let absolute: PagingProxy;
let digest: string;
const clients: RegistryClient[] = [];
const PUT_THROUGH_API = 25;

beforeAll(async () => {
  registry = await startRegistry();
  const [first, ...rest] = allTags;
  digest = await pushImage(registry.url, 'big/repo', first as string);
  // Some tags the way a client makes them, the bulk written straight into storage (see seedTags).
  await tagManifest(registry.url, 'big/repo', digest, rest.slice(0, PUT_THROUGH_API), { concurrency: 4 });
  await seedTags(registry, 'big/repo', digest, rest.slice(PUT_THROUGH_API));
  relative = await startPagingProxy(registry.url);
  absolute = await startPagingProxy(registry.url, { absoluteLinks: true });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await relative?.stop();
  await absolute?.stop();
  await registry?.stop();
});

function client(extra: Partial<RegistryClientOptions> = {}): RegistryClient {
  const made = createRegistryClient({ settingsFor: () => ({ insecure: true }), ...extra });
  clients.push(made);
  return made;
}

describe('tags/list pagination', () => {
  it('follows relative next links until the last page and returns every tag once', async () => {
    const before = relative.pagesServed();
    const list = await client().listTags({ registry: relative.host, repository: 'big/repo' });
    expect(list.pages).toBe(3); // n=1000 by default
    expect(list.truncated).toBe(false);
    expect(list.tags).toHaveLength(TAG_COUNT);
    expect([...list.tags].sort()).toEqual([...allTags].sort());
    expect(relative.pagesServed() - before).toBe(3);
  });

  it('follows absolute next links on the same host with a smaller page size', async () => {
    const paged = client({ pageSize: 300 });
    const list = await paged.listTags({ registry: absolute.host, repository: 'big/repo' });
    expect(list.pages).toBe(9);
    expect(new Set(list.tags).size).toBe(TAG_COUNT);
    expect(paged.stats().requests[absolute.host]).toBe(9);
  });

  it('stops at maxPages and says the listing is truncated', async () => {
    const list = await client({ maxPages: 2 }).listTags({ registry: relative.host, repository: 'big/repo' });
    expect(list).toMatchObject({ pages: 2, truncated: true });
    expect(list.tags).toHaveLength(2_000);
  });

  it('is not truncated when the last page is exactly the page limit', async () => {
    const list = await client({ maxPages: 3 }).listTags({ registry: relative.host, repository: 'big/repo' });
    expect(list).toMatchObject({ pages: 3, truncated: false });
  });

  it('reads the whole list in one page from a registry that does not paginate', async () => {
    const direct = client();
    const list = await direct.listTags({ registry: registry.host, repository: 'big/repo' });
    expect(list).toMatchObject({ pages: 1, truncated: false });
    expect(list.tags).toHaveLength(TAG_COUNT);
    // Seeded tags resolve like pushed ones.
    expect((await direct.headManifest({ registry: registry.host, repository: 'big/repo' }, allTags.at(-1) as string)).digest).toBe(digest);
  });
});
