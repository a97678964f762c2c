import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryError } from '../../../src/registry/index.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let silent: Server;
const sockets = new Set<Socket>();
const SECRET = { username: 'ci-bot', password: 'pa55-must-not-leak' };

beforeAll(async () => {
  registry = await startRegistry();
  await pushImage(registry.url, 'tools/cli', '0.1.0');
  // Accepts connections and never answers: what a stuck registry looks like.
  silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
  await registry?.stop();
});

describe('scheme selection', () => {
  it('tries HTTPS on a loopback plain-HTTP registry, falls back to HTTP at once and remembers it', async () => {
    const client = createRegistryClient({ settingsFor: () => ({}), timeoutMs: 5_000 });
    const repo = { registry: registry.host, repository: 'tools/cli' };
    const started = Date.now();
    expect((await client.listTags(repo)).tags).toEqual(['0.1.0']);
    expect(Date.now() - started).toBeLessThan(1_000); // a TLS handshake failure, not a timeout
    expect(client.stats().requests[registry.host]).toBe(2);
    await client.listTags(repo);
    await client.headManifest(repo, '0.1.0');
    expect(client.stats().requests[registry.host]).toBe(4);
    client.close();
  });

  it('speaks plain HTTP straight away to a registry marked insecure', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    await client.listTags({ registry: registry.host, repository: 'tools/cli' });
    expect(client.stats().requests[registry.host]).toBe(1);
    client.close();
  });

  it('keeps working after close() drops pooled connections', async () => {
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
    await client.listTags({ registry: registry.host, repository: 'tools/cli' });
    client.close();
    expect((await client.listTags({ registry: registry.host, repository: 'tools/cli' })).tags).toEqual(['0.1.0']);
    client.close();
  });
});

describe('network failures become transient RegistryErrors without secrets', () => {
  it('times out on a host that never answers', async () => {
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // One attempt: the retries of a stuck host are faults.test.ts's business.
    const client = createRegistryClient({ settingsFor: () => ({ insecure: true, credentials: SECRET }), timeoutMs: 200, retry: { maxRetries: 0 } });
    const started = Date.now();
    const err = await client.listTags({ registry: host, repository: 'tools/cli' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'transient', host });
    expect((err as Error).message).toMatch(/timed out/);
    client.close();
  });

  it('reports a refused connection on both schemes, and leaks nothing of the request', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const client = createRegistryClient({ settingsFor: () => ({ credentials: SECRET }) });
    const err = await client.headManifest({ registry: host, repository: 'tools/cli' }, '1.0').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', host });
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(client.stats().requests[host]).toBe(2);
    const everything = JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as Error).stack);
    expect(everything).not.toContain(SECRET.password);
    expect(everything).not.toMatch(/authorization|config|headers/i);
    client.close();
  });
});
