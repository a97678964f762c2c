import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient, type RegistryClientOptions } from '../../../src/registry/index.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../../helpers/token-server.js';

const good = { username: 'robot', password: 'robot-secret-1' };
let tokens: TokenServer;
let registry: TestRegistry;
let digest: string;
const clients: RegistryClient[] = [];

beforeAll(async () => {
  tokens = await startTokenServer({ users: { [good.username]: good.password } });
  registry = await startRegistry({ token: tokens.registryAuth });
  for (const [repository, tag] of [['team/web', '1.0.0'], ['team/web', '1.1.0'], ['team/worker', '1.0.0']] as const) {
    const bearer = tokens.mint([{ type: 'repository', name: repository, actions: ['pull', 'push'] }]);
    digest = await pushImage(registry.url, repository, tag, { auth: { bearer } });
  }
});

afterEach(() => {
  tokens.settings.expiresIn = 300;
  tokens.settings.jwtLifetimeSeconds = 300;
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await registry?.stop();
  await tokens?.stop();
});

function clientWith(extra: Partial<RegistryClientOptions> = {}, credentials = good): RegistryClient {
  const client = createRegistryClient({ settingsFor: () => ({ insecure: true, credentials }), ...extra });
  clients.push(client);
  return client;
}

const web = (): { registry: string; repository: string } => ({ registry: registry.host, repository: 'team/web' });
const tokenRequests = (): number => tokens.requests.length;
const registryRequests = (client: RegistryClient): number => client.stats().requests[registry.host] ?? 0;

describe('bearer token flow', () => {
  it('asks the realm once with the credentials, service and pull scope, then reuses the token', async () => {
    const client = clientWith();
    const before = tokenRequests();
    await client.listTags(web());
    await client.listTags(web());
    expect((await client.headManifest(web(), '1.1.0')).digest).toMatch(/^sha256:/);
    await client.headManifest(web(), '1.0.0');
    expect(tokenRequests() - before).toBe(1);
    expect(tokens.requests.at(-1)).toEqual({ user: good.username, service: tokens.service, scopes: ['repository:team/web:pull'] });
    expect(registryRequests(client)).toBe(5); // one challenge, its retry, three with the cached token
    expect(client.stats().requests[new URL(tokens.realm).host]).toBe(1);
  });

  it('gets a separate token per repository scope', async () => {
    const client = clientWith();
    const before = tokenRequests();
    await client.listTags(web());
    const worker = await client.headManifest({ registry: registry.host, repository: 'team/worker' }, '1.0.0');
    expect(worker.digest).toBe(digest);
    expect(tokenRequests() - before).toBe(2);
  });

  it('shares one token request among concurrent requests meeting the same challenge', async () => {
    const client = clientWith();
    const before = tokenRequests();
    await Promise.all(Array.from({ length: 5 }, () => client.headManifest(web(), '1.0.0')));
    expect(tokenRequests() - before).toBe(1);
  });

  it('reports credentials the token server refuses as unauthorized, naming its host, not the password', async () => {
    const wrong = { username: good.username, password: 'not-the-Password-42' };
    const err = await clientWith({}, wrong).listTags(web()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401, host: new URL(tokens.realm).host });
    expect((err as Error).message).toContain('team/web');
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain(wrong.password);
  });

  it('renews a token when the client clock passes expires_in, not before', async () => {
    let now = 1_000_000;
    const client = clientWith({ now: () => now });
    const before = tokenRequests();
    await client.listTags(web());
    now += 289_000; // 300 s lifetime minus the 10 s safety margin, minus a second
    await client.listTags(web());
    expect(tokenRequests() - before).toBe(1);
    now += 2_000;
    await client.listTags(web());
    expect(tokenRequests() - before).toBe(2);
  });

  it('assumes 60 s when the token server sends no expires_in', async () => {
    tokens.settings.expiresIn = null;
    let now = 5_000_000;
    const client = clientWith({ now: () => now });
    const before = tokenRequests();
    await client.listTags(web());
    now += 49_000;
    await client.listTags(web());
    expect(tokenRequests() - before).toBe(1);
    now += 2_000;
    await client.listTags(web());
    expect(tokenRequests() - before).toBe(2);
  });

  it('replaces a cached token the registry refuses, once, and succeeds', async () => {
    // Registry 2.8 allows 60 s of leeway on exp: a token 59 s past exp dies at the next full second.
    tokens.settings.jwtLifetimeSeconds = -59;
    await sleep(1_050 - (Date.now() % 1000));
    const client = clientWith();
    const before = tokenRequests();
    await client.listTags(web());
    await sleep(1_100 - (Date.now() % 1000));
    expect((await client.listTags(web())).tags.sort()).toEqual(['1.0.0', '1.1.0']);
    expect(tokenRequests() - before).toBe(2);
    expect(registryRequests(client)).toBe(4); // 401 + retry, then stale token 401 + retry
  });

  it('gives up as unauthorized when a fresh token is refused too, without looping', async () => {
    tokens.settings.jwtLifetimeSeconds = -120;
    const client = clientWith();
    const before = tokenRequests();
    await expect(client.listTags(web())).rejects.toMatchObject({ kind: 'unauthorized', status: 401, host: registry.host });
    await expect(client.listTags(web())).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(tokenRequests() - before).toBe(2);
    expect(registryRequests(client)).toBe(4);
  });
});
