import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient, type RegistryHostSettings } from '../../../src/registry/index.js';
import { startConnectProxy, type ConnectProxy } from '../../helpers/connect-proxy.js';
import { pushImage } from '../../helpers/push-image.js';
import { makeTestCa, startRegistry, type TestRegistry } from '../../helpers/registry.js';

// A name no DNS knows: only the proxy can reach it (it maps *.proxy.test to 127.0.0.1).
const NAME = 'registry.proxy.test';
let registry: TestRegistry;
let proxy: ConnectProxy;
let caPem: string;
let proxied: string;
const clients: RegistryClient[] = [];
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
const saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  const ca = await makeTestCa();
  caPem = ca.certPem;
  registry = await startRegistry({ tls: await ca.issue(NAME, { server: [NAME, '127.0.0.1'] }) });
  await pushImage(registry.url, 'team/web', '1.4.0', { ca: caPem });
  proxied = `${NAME}:${registry.host.split(':')[1]}`;
  proxy = await startConnectProxy();
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

function useProxy(noProxy?: string): void {
  for (const name of PROXY_VARS) delete process.env[name];
  process.env.HTTPS_PROXY = proxy.url;
  if (noProxy !== undefined) process.env.NO_PROXY = noProxy;
}

function clientWith(settings: RegistryHostSettings): RegistryClient {
  const made = createRegistryClient({ settingsFor: () => settings, retry: { maxRetries: 0 } });
  clients.push(made);
  return made;
}

describe('HTTPS_PROXY', () => {
  it('tunnels registry requests through the proxy with CONNECT, TLS end to end', async () => {
    useProxy();
    const before = proxy.tunnels.length;
    const client = clientWith({ ca: caPem });
    expect((await client.listTags({ registry: proxied, repository: 'team/web' })).tags).toEqual(['1.4.0']);
    expect((await client.headManifest({ registry: proxied, repository: 'team/web' }, '1.4.0')).digest).toMatch(/^sha256:/);
    expect(proxy.tunnels.slice(before)).toEqual([proxied]); // one tunnel, kept alive for both requests
    expect(proxy.plainRequests).toBe(0);
  });

  it("verifies the registry's certificate through the tunnel", async () => {
    useProxy();
    const err = await clientWith({}).listTags({ registry: proxied, repository: 'team/web' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol', host: proxied });
    expect((err as Error).message).toMatch(/TLS failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
    const skipped = await clientWith({ insecureSkipVerify: true }).listTags({ registry: proxied, repository: 'team/web' });
    expect(skipped.tags).toEqual(['1.4.0']);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    useProxy(`example.com,.proxy.test`);
    const before = proxy.tunnels.length;
    const err = await clientWith({ ca: caPem }).listTags({ registry: proxied, repository: 'team/web' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/connection failed \((ENOTFOUND|EAI_AGAIN)\)/); // resolved locally: unknown
    expect(proxy.tunnels.length).toBe(before);
  });

  it('never proxies loopback registries', async () => {
    useProxy();
    const before = proxy.tunnels.length;
    const list = await clientWith({ ca: caPem }).listTags({ registry: registry.host, repository: 'team/web' });
    expect(list.tags).toEqual(['1.4.0']);
    expect(proxy.tunnels.length).toBe(before);
  });
});
