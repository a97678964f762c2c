import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryClientFromConfig } from '../../../src/commands/registry-client.js';
import { configSchema } from '../../../src/config/schema.js';
import { redact } from '../../../src/log/redact.js';
import { createRegistryClient, type RegistryClient, type RegistryHostSettings } from '../../../src/registry/index.js';
import { makeTestCa, seedTags, startRegistry, type TestCert, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let client: TestCert;
let caPem: string;
let otherCaPem: string;
let work: string;
const clients: RegistryClient[] = [];
const repo = () => ({ registry: registry.host, repository: 'secure/app' });

beforeAll(async () => {
  const [ca, other] = await Promise.all([makeTestCa('private CA'), makeTestCa('some other CA')]);
  caPem = ca.certPem;
  otherCaPem = other.certPem;
  const [server, clientCert] = await Promise.all([ca.issue('registry', { server: ['127.0.0.1', 'localhost'] }), ca.issue('imagebump', { client: true })]);
  client = clientCert;
  registry = await startRegistry({ tls: server, clientCaPem: ca.certPem });
  // Pushing needs a client certificate the push helper does not carry; tags/list only reads the tag directories.
  await seedTags(registry, 'secure/app', `sha256:${'a'.repeat(64)}`, ['1.0.0', '1.1.0']);
  work = await mkdtemp(join(tmpdir(), 'imagebump-mtls-'));
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

function clientWith(settings: RegistryHostSettings): RegistryClient {
  const made = createRegistryClient({ settingsFor: () => settings, retry: { maxRetries: 0 } });
  clients.push(made);
  return made;
}

describe('a registry behind a private CA that requires client certificates', () => {
  it('is reached with the CA, a client certificate and its key', async () => {
    const list = await clientWith({ ca: caPem, cert: client.certPem, key: client.keyPem }).listTags(repo());
    expect(list.tags.sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('fails without a client certificate, as a non-transient TLS-level error', async () => {
    const err = await clientWith({ ca: caPem }).listTags(repo()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol', host: registry.host });
    expect((err as Error).message).toMatch(/secure\/app: TLS failed \(ERR_SSL_\w+_ALERT_\w*CERTIFICATE\w*\)/);
  });

  it('verifies the server against the configured CA, even on loopback', async () => {
    const err = await clientWith({ ca: otherCaPem, cert: client.certPem, key: client.keyPem }).listTags(repo()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'protocol', host: registry.host });
    expect((err as Error).message).toMatch(/TLS failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
  });

  it('skips verification with insecureSkipVerify', async () => {
    const list = await clientWith({ ca: otherCaPem, insecureSkipVerify: true, cert: client.certPem, key: client.keyPem }).listTags(repo());
    expect(list.tags).toHaveLength(2);
  });

  it('reads caFile, certFile and keyFile from the config and keeps the key out of output', async () => {
    const files = { ca: join(work, 'ca.pem'), cert: join(work, 'client.crt'), key: join(work, 'client.key') };
    await Promise.all([writeFile(files.ca, caPem), writeFile(files.cert, client.certPem), writeFile(files.key, client.keyPem)]);
    const config = configSchema.parse({
      dockerConfig: [],
      registries: [{ host: registry.host, caFile: files.ca, certFile: files.cert, keyFile: files.key }],
    });
    const made = registryClientFromConfig(config);
    clients.push(made);
    expect((await made.listTags(repo())).tags).toHaveLength(2);
    expect(redact(`key: ${client.keyPem}`)).toBe('key: ***');
  });

  it('refuses to start when a TLS file cannot be read, naming the config field', () => {
    const config = configSchema.parse({ dockerConfig: [], registries: [{ host: registry.host, caFile: join(work, 'nope.pem') }] });
    expect(() => registryClientFromConfig(config)).toThrow(/^registries\[0\]\.caFile: cannot read .*nope\.pem \(ENOENT\)$/);
  });
});
