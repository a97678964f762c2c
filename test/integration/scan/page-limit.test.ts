import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryClientFromConfig } from '../../../src/commands/registry-client.js';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';
import { configSchema } from '../../../src/config/schema.js';
import { scanPolicies } from '../../../src/scan.js';
import { startPagingProxy, type PagingProxy } from '../../helpers/paging-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { seedTags, startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let proxy: PagingProxy;
const TAGS = Array.from({ length: 15 }, (_, i) => `1.${i}.0`);

beforeAll(async () => {
  registry = await startRegistry();
  const digest = await pushImage(registry.url, 'paged/app', TAGS[0]!);
  await seedTags(registry, 'paged/app', digest, TAGS.slice(1));
  proxy = await startPagingProxy(registry.url);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe('a listing cut off by the page limit', () => {
  it('still selects from what was read, and the warning names the setting to raise', async () => {
    const config = configSchema.parse({ dockerConfig: [], registries: [{ host: proxy.host, insecure: true, pageSize: 5, maxPages: 2 }] });
    const client = registryClientFromConfig(config);
    const text = `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: app, namespace: apps }\nspec:\n  image: ${proxy.host}/paged/app\n  policy: { semver: { range: "*" } }\n`;
    const { policies } = parsePolicyFile('p.yaml', text);
    try {
      const scan = await scanPolicies(policies, client);
      expect(scan.outcomes[0]).toMatchObject({ status: 'selected', tags: 10 });
      expect(scan.problems).toEqual([{
        kind: 'registry-error',
        severity: 'warning',
        policy: 'apps:app',
        message: `apps:app: tag listing of ${proxy.host}/paged/app stopped at the page limit after 2 pages; newer tags may be missed: ` +
          `raise registries[].maxPages for ${proxy.host}`,
      }]);
    } finally {
      client.close();
    }
  });
});
