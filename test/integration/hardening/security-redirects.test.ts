import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient, type RegistryHostSettings } from '../../../src/registry/index.js';
import { redirectedRequest, tlsFor } from '../../../src/registry/redirect.js';
import { pushImage } from '../../helpers/push-image.js';
import { makeTestCa, startRegistry, TEST_USER, type TestCert, type TestRegistry } from '../../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../../helpers/token-server.js';
import { startRedirectingFront, startRedirectingRealm, startStorage, type Route, type Seen, type Storage } from './security-redirect-servers.js';

// Registries answer blob GETs (and some manifest GETs) with a redirect to object storage. Whatever
// the registry asked for (Basic credentials, a bearer token, a client certificate) is for the registry
// alone: storage, a CDN, another port never see it.

const BASIC = `Basic ${Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64')}`;
const REPO = 'acme/web';
const byDigest = (method: string, path: string): Route =>
  method === 'GET' && /\/(blobs|manifests)\/sha256:/.test(path) ? 'storage' : undefined;

let basicRegistry: TestRegistry;
let tokens: TokenServer;
let tokenRegistry: TestRegistry;
let digestBasic: string;
let digestToken: string;
let ca: { certPem: string };
let serverCert: TestCert;
let clientCert: TestCert;
const stops: Array<() => Promise<void>> = [];
const clients: RegistryClient[] = [];

beforeAll(async () => {
  const authority = await makeTestCa('redirect test CA');
  ca = authority;
  [serverCert, clientCert] = await Promise.all([authority.issue('front', { server: ['127.0.0.1'] }), authority.issue('imagebump', { client: true })]);
  basicRegistry = await startRegistry({ htpasswd: TEST_USER.htpasswd });
  digestBasic = await pushImage(basicRegistry.url, REPO, '1.0.0', { auth: TEST_USER });
  tokens = await startTokenServer({ users: { [TEST_USER.username]: TEST_USER.password } });
  tokenRegistry = await startRegistry({ token: tokens.registryAuth });
  const bearer = tokens.mint([{ type: 'repository', name: REPO, actions: ['pull', 'push'] }]);
  digestToken = await pushImage(tokenRegistry.url, REPO, '1.0.0', { auth: { bearer } });
}, 60_000);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const stop of stops.splice(0)) await stop();
});

afterAll(async () => {
  await basicRegistry?.stop();
  await tokenRegistry?.stop();
  await tokens?.stop();
});

function client(settings: RegistryHostSettings): RegistryClient {
  const made = createRegistryClient({ settingsFor: () => settings, retry: { maxRetries: 0 } });
  clients.push(made);
  return made;
}

async function storage(tls?: Parameters<typeof startStorage>[0]): Promise<Storage> {
  const s = await startStorage(tls);
  stops.push(s.stop);
  return s;
}

/** Reads the manifest and config by digest: both are redirected by the fronts below. */
async function readImage(c: RegistryClient, registry: string, digest: string): Promise<void> {
  const repo = { registry, repository: REPO };
  const head = await c.headManifest(repo, '1.0.0');
  expect(head.digest).toBe(digest);
  const manifest = await c.getManifest(repo, digest);
  const configDigest = (manifest as { config?: { digest?: string } }).config?.digest;
  expect(configDigest).toMatch(/^sha256:/);
  const config = await c.getImageConfig(repo, configDigest!);
  expect(config).toBeTruthy();
}

const redirectsTo = (seen: Seen[], status = 'storage') => seen.filter((s) => byDigest(s.method, s.path) === status).length;

describe('registry redirects', () => {
  it('Basic credentials and the client certificate reach the registry only, never the storage it redirects to', async () => {
    const store = await storage({ cert: serverCert, requestCert: true });
    const front = await startRedirectingFront(basicRegistry.url, store, byDigest, { cert: serverCert, requestCert: true });
    stops.push(front.stop);
    await readImage(client({ ca: ca.certPem, cert: clientCert.certPem, key: clientCert.keyPem, credentials: TEST_USER }), front.host, digestBasic);

    expect(redirectsTo(front.seen)).toBe(2);
    expect(front.seen.filter((s) => s.authorization === BASIC).length).toBeGreaterThanOrEqual(3);
    expect(front.seen.every((s) => s.clientCert)).toBe(true);
    expect(store.seen.map((s) => s.method)).toEqual(['GET', 'GET']);
    for (const s of store.seen) {
      expect(s.authorization).toBeUndefined();
      expect(s.clientCert).toBe(false);
    }
  });

  it('with bearer tokens: Basic credentials go to the realm only, the token to the registry only, nothing to storage', async () => {
    const store = await storage();
    const front = await startRedirectingFront(tokenRegistry.url, store, byDigest);
    stops.push(front.stop);
    const before = tokens.requests.length;
    await readImage(client({ insecure: true, credentials: TEST_USER }), front.host, digestToken);

    expect(tokens.requests.slice(before).every((r) => r.user === TEST_USER.username)).toBe(true);
    expect(front.seen.some((s) => s.authorization?.startsWith('Bearer '))).toBe(true);
    expect(front.seen.filter((s) => s.authorization?.startsWith('Basic '))).toEqual([]);
    expect(store.seen).toHaveLength(2);
    expect(store.seen.filter((s) => s.authorization !== undefined)).toEqual([]);
  });

  it('keeps the credentials on a redirect within the registry\'s own origin', async () => {
    const store = await storage();
    const front = await startRedirectingFront(basicRegistry.url, store, (m, p) => (byDigest(m, p) ? 'same-origin' : undefined));
    stops.push(front.stop);
    await readImage(client({ insecure: true, credentials: TEST_USER }), front.host, digestBasic);
    const moved = front.seen.filter((s) => s.path.includes('moved=1'));
    expect(moved).toHaveLength(2);
    expect(moved.every((s) => s.authorization === BASIC)).toBe(true);
    expect(store.seen).toEqual([]);
  });

  it('does not hand the realm\'s credentials on when the realm itself redirects elsewhere', async () => {
    const anonymousTokens = await startTokenServer();
    stops.push(anonymousTokens.stop);
    const realm = await startRedirectingRealm(anonymousTokens.realm);
    stops.push(realm.stop);
    const registry = await startRegistry({ token: { ...anonymousTokens.registryAuth, realm: `${realm.url}/token` } });
    stops.push(registry.stop);
    await pushImage(registry.url, REPO, '1.0.0', { auth: { bearer: anonymousTokens.mint([{ type: 'repository', name: REPO, actions: ['push', 'pull'] }]) } });

    const tags = await client({ insecure: true, credentials: TEST_USER }).listTags({ registry: registry.host, repository: REPO });
    expect(tags.tags).toEqual(['1.0.0']);
    expect(realm.seen.map((s) => s.authorization)).toEqual([BASIC]);
    expect(anonymousTokens.requests.map((r) => r.user)).toEqual([undefined]);
  });
});

describe('redirectedRequest', () => {
  const from = new URL('https://registry.example.com/v2/acme/web/blobs/sha256:aa');
  const request = { method: 'GET' as const, path: '', headers: { authorization: 'Bearer t0ken', accept: '*/*', Cookie: 'c=1' } };

  it.each([
    ['a subdomain', 'https://cdn.registry.example.com/x'],
    ['another port', 'https://registry.example.com:8443/x'],
    ['plain HTTP on the same host', 'http://registry.example.com/x'],
    ['another host', 'https://s3.amazonaws.com/bucket/x?X-Amz-Signature=1'],
  ])('drops credentials and the client certificate on a redirect to %s', (_what, to) => {
    const next = redirectedRequest(request, 307, from, new URL(to));
    expect(next.headers).toEqual({ accept: '*/*' });
    expect(tlsFor(from, new URL(to), { ca: 'CA', cert: 'CERT', key: 'KEY' })).toEqual({ ca: 'CA', insecureSkipVerify: undefined });
  });

  it('keeps them within the origin, and turns a 303 into a GET without a body', () => {
    expect(redirectedRequest(request, 302, from, new URL('https://registry.example.com/other')).headers).toEqual(request.headers);
    const post = { method: 'POST' as const, path: '', body: 'grant_type=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(redirectedRequest(post, 303, from, new URL('https://registry.example.com/t'))).toEqual({ method: 'GET', path: '', headers: {}, body: undefined });
  });
});
