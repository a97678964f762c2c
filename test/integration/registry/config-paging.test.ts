import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryClientFromConfig } from '../../../src/commands/registry-client.js';
import { configSchema } from '../../../src/config/schema.js';
import { startPagingProxy, type PagingProxy } from '../../helpers/paging-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { seedTags, startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let proxy: PagingProxy;
const TAGS = Array.from({ length: 700 }, (_, i) => `0.${i}.0`);

beforeAll(async () => {
  registry = await startRegistry();
  const digest = await pushImage(registry.url, 'big/app', TAGS[0]!);
  await seedTags(registry, 'big/app', digest, TAGS.slice(1));
  proxy = await startPagingProxy(registry.url);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe('paging settings from the config', () => {
  it('asks pageSize tags per page and stops after maxPages, per registry', async () => {
    const config = configSchema.parse({ dockerConfig: [], registries: [{ host: proxy.host, insecure: true, pageSize: 300, maxPages: 2 }] });
    const client = registryClientFromConfig(config);
    const list = await client.listTags({ registry: proxy.host, repository: 'big/app' });
    expect(list).toMatchObject({ pages: 2, truncated: true });
    expect(list.tags).toHaveLength(600);
    client.close();
  });
});
