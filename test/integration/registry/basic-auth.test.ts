import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryError } from '../../../src/registry/index.js';
import { startPagingProxy } from '../../helpers/paging-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, TEST_USER, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
const good = { username: TEST_USER.username, password: TEST_USER.password };
const wrong = { username: TEST_USER.username, password: 'Wr0ng-Secret-Value' };
let digest: string;

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: TEST_USER.htpasswd });
  digest = await pushImage(registry.url, 'private/app', '1.2.3', { auth: good });
});

afterAll(async () => {
  await registry?.stop();
});

/** Everything an error carries when logged or serialised. */
function dump(err: unknown): string {
  return JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as Error).stack);
}

describe('htpasswd Basic auth', () => {
  const repo = (): { registry: string; repository: string } => ({ registry: registry.host, repository: 'private/app' });

  it('lists and heads with the right credentials, answering the challenge once', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true, credentials: good }) });
    expect((await client.listTags(repo())).tags).toEqual(['1.2.3']);
    expect((await client.headManifest(repo(), '1.2.3')).digest).toBe(digest);
    // 401 + retry for the first request; the second carries Basic up front.
    expect(client.stats().requests[registry.host]).toBe(3);
    client.close();
  });

  it('reports wrong credentials as unauthorized without the password', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true, credentials: wrong }) });
    const err = await client.listTags(repo()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401, host: registry.host });
    expect((err as Error).message).toContain('private/app');
    expect(dump(err)).not.toContain(wrong.password);
    expect(dump(err)).not.toContain(Buffer.from(`${wrong.username}:${wrong.password}`).toString('base64'));
    client.close();
  });

  it('reports missing credentials as unauthorized', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    await expect(client.listTags(repo())).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    client.close();
  });

  it('keeps the Authorization header out of network errors', async () => {
    const proxy = await startPagingProxy(registry.url);
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true, credentials: good }) });
    await client.listTags({ registry: proxy.host, repository: 'private/app' });
    await proxy.stop(); // the next request goes out with Basic up front and meets a closed port
    const err = await client.listTags({ registry: proxy.host, repository: 'private/app' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient' });
    expect(dump(err)).not.toContain(good.password);
    expect(dump(err)).not.toContain(Buffer.from(`${good.username}:${good.password}`).toString('base64'));
    client.close();
  });
});
