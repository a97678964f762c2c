import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryClientFromConfig } from '../../../src/commands/registry-client.js';
import { configSchema } from '../../../src/config/schema.js';
import { DockerConfigFiles } from '../../../src/registry/credentials/config-files.js';
import { CredentialStore, HELPER_TTL_MS } from '../../../src/registry/credentials/store.js';
import { createRegistryClient, type RegistryClient } from '../../../src/registry/index.js';
import { makeCredentialHelper, type FakeCredentialHelper } from '../../helpers/credential-helper.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, TEST_USER, type TestRegistry } from '../../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../../helpers/token-server.js';

let basic: TestRegistry;
let bearer: TestRegistry;
let tokens: TokenServer;
let helper: FakeCredentialHelper;
let restorePath: () => void;
let work: string;
const clients: RegistryClient[] = [];
const REPOS = Array.from({ length: 8 }, (_, i) => `team/app-${i}`);
// A JWT-shaped password (the token server compares strings): its `exp` is what the helper cache reads.
const JWT_EXP_S = 2_000_000_000;
const jwtPassword = ['{"alg":"none"}', `{"exp":${JWT_EXP_S}}`, 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.');

beforeAll(async () => {
  tokens = await startTokenServer({ users: { robot: jwtPassword }, refreshTokens: { 'refresh-token-abc': 'oauth-user' } });
  [basic, bearer] = await Promise.all([startRegistry({ htpasswd: TEST_USER.htpasswd }), startRegistry({ token: tokens.registryAuth })]);
  for (const repo of REPOS) await pushImage(basic.url, repo, '1.0.0', { auth: TEST_USER });
  const push = tokens.mint([{ type: 'repository', name: 'team/app-0', actions: ['pull', 'push'] }]);
  await pushImage(bearer.url, 'team/app-0', '2.0.0', { auth: { bearer: push } });
  helper = await makeCredentialHelper('test');
  restorePath = helper.onPath();
  work = await mkdtemp(join(tmpdir(), 'imagebump-cred-helper-test-'));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await helper.fail(undefined);
});

afterAll(async () => {
  restorePath?.();
  await helper?.cleanup();
  await Promise.all([basic?.stop(), bearer?.stop(), tokens?.stop()]);
  await rm(work, { recursive: true, force: true });
});

async function dockerConfig(value: object): Promise<DockerConfigFiles> {
  const file = join(work, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(value));
  return new DockerConfigFiles([{ path: file, required: true }]);
}

function clientWith(files: DockerConfigFiles, now: () => number = Date.now): RegistryClient {
  const store = new CredentialStore({ explicit: () => ({}), dockerConfig: files, now });
  const client = createRegistryClient({ settingsFor: () => ({ insecure: true }), credentials: store, now });
  clients.push(client);
  return client;
}

const newCalls = async (before: number) => (await helper.calls()).slice(before);

describe('docker credential helpers', () => {
  it('runs docker-credential-<name> get from credHelpers once for many concurrent requests', async () => {
    await helper.answer(basic.host, { Username: TEST_USER.username, Secret: TEST_USER.password });
    const client = clientWith(await dockerConfig({ credHelpers: { [basic.host]: 'test' } }));
    const before = (await helper.calls()).length;
    const lists = await Promise.all(REPOS.map((repository) => client.listTags({ registry: basic.host, repository })));
    expect(lists.map((l) => l.tags)).toEqual(REPOS.map(() => ['1.0.0']));
    expect(await newCalls(before)).toEqual([basic.host]);
  });

  it('reuses an answer without an expiry for five minutes, then asks again', async () => {
    await helper.answer(basic.host, { Username: TEST_USER.username, Secret: TEST_USER.password });
    let now = 1_000_000;
    const client = clientWith(await dockerConfig({ credsStore: 'test' }), () => now);
    const repo = { registry: basic.host, repository: 'team/app-1' };
    const before = (await helper.calls()).length;
    await client.listTags(repo);
    now += HELPER_TTL_MS - 1_000;
    await client.listTags(repo);
    expect(await newCalls(before)).toHaveLength(1);
    now += 2_000;
    await client.listTags(repo);
    expect(await newCalls(before)).toHaveLength(2);
  });

  it('reuses an answer until shortly before the expiry its JWT secret carries', async () => {
    await helper.answer(bearer.host, { Username: 'robot', Secret: jwtPassword });
    let now = JWT_EXP_S * 1000 - 600_000;
    const client = clientWith(await dockerConfig({ credHelpers: { [bearer.host]: 'test' } }), () => now);
    const before = (await helper.calls()).length;
    const list = (repository: string) => client.listTags({ registry: bearer.host, repository });
    expect((await list('team/app-0')).tags).toEqual(['2.0.0']);
    now += 500_000; // 100 s before exp: still good (the margin is 60 s)
    await list('team/app-1').catch(() => undefined); // a new scope: a token request, credentials from the cache
    expect(await newCalls(before)).toHaveLength(1);
    now += 50_000; // 50 s before exp: inside the margin
    await list('team/app-2').catch(() => undefined);
    expect(await newCalls(before)).toHaveLength(2);
    expect(tokens.requests.at(-1)?.user).toBe('robot');
  });

  it('falls back to the auths entry when the helper has nothing for the host', async () => {
    await helper.answer(basic.host, undefined);
    const auth = Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64');
    const client = clientWith(await dockerConfig({ credsStore: 'test', auths: { [basic.host]: { auth } } }));
    expect((await client.listTags({ registry: basic.host, repository: 'team/app-2' })).tags).toEqual(['1.0.0']);
  });

  it('reports a failing helper by name, for that registry only', async () => {
    await helper.fail('error getting credentials - err: exit status 255');
    const client = clientWith(await dockerConfig({ credHelpers: { [basic.host]: 'test' } }));
    const err = await client.listTags({ registry: basic.host, repository: 'team/app-3' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unauthorized', host: basic.host });
    expect((err as Error).message).toBe(`registry ${basic.host}, repository team/app-3: credential helper docker-credential-test failed (exit 1): error getting credentials - err: exit status 255`);
  });

  it('says so when the helper is not installed', async () => {
    const client = clientWith(await dockerConfig({ credHelpers: { [basic.host]: 'not-installed' } }));
    await expect(client.listTags({ registry: basic.host, repository: 'team/app-3' })).rejects.toThrow(
      /credential helper docker-credential-not-installed failed \(not found on PATH\)/,
    );
  });

  it('treats the "<token>" user as an identity token: an OAuth2 refresh-token POST to the realm', async () => {
    await helper.answer(bearer.host, { Username: '<token>', Secret: 'refresh-token-abc' });
    const client = clientWith(await dockerConfig({ credHelpers: { [bearer.host]: 'test' } }));
    expect((await client.listTags({ registry: bearer.host, repository: 'team/app-0' })).tags).toEqual(['2.0.0']);
    expect(tokens.requests.at(-1)).toEqual({ user: 'oauth-user', grant: 'refresh_token', service: tokens.service, scopes: ['repository:team/app-0:pull'] });
  });

  it('reads identitytoken entries from the docker config too', async () => {
    const client = clientWith(await dockerConfig({ auths: { [bearer.host]: { identitytoken: 'refresh-token-abc' } } }));
    expect((await client.listTags({ registry: bearer.host, repository: 'team/app-0' })).tags).toEqual(['2.0.0']);
    expect(tokens.requests.at(-1)).toMatchObject({ user: 'oauth-user', grant: 'refresh_token' });
  });

  it('runs the helper named by credentialHelper in the imagebump config, no docker config needed', async () => {
    await helper.answer(basic.host, { Username: TEST_USER.username, Secret: TEST_USER.password });
    const config = configSchema.parse({ dockerConfig: [], registries: [{ host: basic.host, insecure: true, credentialHelper: 'test' }] });
    const client = registryClientFromConfig(config);
    clients.push(client);
    const before = (await helper.calls()).length;
    expect((await client.listTags({ registry: basic.host, repository: 'team/app-4' })).tags).toEqual(['1.0.0']);
    expect(await newCalls(before)).toEqual([basic.host]);
  });
});
