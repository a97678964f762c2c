import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../../src/registry/index.js';
import { pushImage } from '../../helpers/push-image.js';
import { makeTestCert, startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let digest: string;

beforeAll(async () => {
  const cert = await makeTestCert();
  registry = await startRegistry({ tls: cert });
  digest = await pushImage(registry.url, 'secure/app', '1.0.0', { ca: cert.certPem });
});

afterAll(async () => {
  await registry?.stop();
});

describe('a loopback registry serving HTTPS with a self-signed certificate', () => {
  it('is reached over HTTPS on the first try, as Docker does for loopback', async () => {
    const client = createRegistryClient({ settingsFor: () => ({}) });
    const repo = { registry: registry.host, repository: 'secure/app' };
    expect((await client.listTags(repo)).tags).toEqual(['1.0.0']);
    expect((await client.headManifest(repo, '1.0.0')).digest).toBe(digest);
    expect(client.stats().requests[registry.host]).toBe(2); // no HTTP fallback attempt
    client.close();
  });

  it('fails as a protocol error when the user forces plain HTTP', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    const err = await client.listTags({ registry: registry.host, repository: 'secure/app' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol', status: 400, host: registry.host });
    expect((err as Error).message).toContain('HTTP 400');
    client.close();
  });
});
