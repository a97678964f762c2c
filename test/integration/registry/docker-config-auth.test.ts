import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryClientFromConfig } from '../../../src/commands/registry-client.js';
import { configSchema, type ConfigInput } from '../../../src/config/schema.js';
import { redact } from '../../../src/log/redact.js';
import type { RegistryClient } from '../../../src/registry/index.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, TEST_USER, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
const clients: RegistryClient[] = [];
const b64 = (text: string) => Buffer.from(text).toString('base64');
const WRONG = 'not-the-password-77';

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: TEST_USER.htpasswd });
  await pushImage(registry.url, 'private/app', '1.0.0', { auth: TEST_USER });
  work = await mkdtemp(join(tmpdir(), 'imagebump-docker-config-'));
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = join(work, name);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, JSON.stringify(value));
  return file;
}

function client(config: Partial<ConfigInput>, env: NodeJS.ProcessEnv = {}): RegistryClient {
  const parsed = configSchema.parse({ registries: [{ host: registry.host, insecure: true }], ...config });
  const made = registryClientFromConfig(parsed, { HOME: work, ...env });
  clients.push(made);
  return made;
}

const list = (c: RegistryClient) => c.listTags({ registry: registry.host, repository: 'private/app' });

describe('credentials from docker config files', () => {
  it('reads $DOCKER_CONFIG/config.json, auths entry in the base64 `auth` form', async () => {
    await writeJson('dc-auth/config.json', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${TEST_USER.password}`) } } });
    expect((await list(client({}, { DOCKER_CONFIG: join(work, 'dc-auth') }))).tags).toEqual(['1.0.0']);
  });

  it('reads ~/.docker/config.json when DOCKER_CONFIG is not set', async () => {
    await writeJson('home/.docker/config.json', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${TEST_USER.password}`) } } });
    expect((await list(client({}, { HOME: join(work, 'home') }))).tags).toEqual(['1.0.0']);
  });

  it('reads the username/password form, keyed by a URL with scheme and path', async () => {
    await writeJson('dc-userpass/config.json', { auths: { [`http://${registry.host}/v2/`]: { username: TEST_USER.username, password: TEST_USER.password } } });
    expect((await list(client({}, { DOCKER_CONFIG: join(work, 'dc-userpass') }))).tags).toEqual(['1.0.0']);
  });

  it('reads a mounted kubernetes.io/dockerconfigjson secret named by dockerConfig', async () => {
    const secret = await writeJson('secret/.dockerconfigjson', { auths: { [registry.host]: { username: TEST_USER.username, password: TEST_USER.password, auth: b64(`${TEST_USER.username}:${TEST_USER.password}`) } } });
    expect((await list(client({ dockerConfig: secret }))).tags).toEqual(['1.0.0']);
  });

  it('notices when a mounted secret is rotated', async () => {
    const secret = await writeJson('rotating/.dockerconfigjson', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${WRONG}`) } } });
    const c = client({ dockerConfig: [secret] });
    await expect(list(c)).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    await writeJson('rotating/.dockerconfigjson', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${TEST_USER.password}`) } } });
    expect((await list(c)).tags).toEqual(['1.0.0']);
  });

  it('prefers the imagebump config over the docker config', async () => {
    const wrongFile = await writeJson('wrong/config.json', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${WRONG}`) } } });
    const rightFile = await writeJson('right/config.json', { auths: { [registry.host]: { auth: b64(`${TEST_USER.username}:${TEST_USER.password}`) } } });
    const explicit = (env: string) => ({ host: registry.host, insecure: true, credentials: { username: TEST_USER.username, password: { env } } });
    const good = client({ dockerConfig: wrongFile, registries: [explicit('GOOD')] }, { GOOD: TEST_USER.password });
    expect((await list(good)).tags).toEqual(['1.0.0']);
    const bad = client({ dockerConfig: rightFile, registries: [explicit('BAD')] }, { BAD: WRONG });
    await expect(list(bad)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('goes anonymous (and is refused) when no file has an entry; a missing default file is fine', async () => {
    await expect(list(client({}, { DOCKER_CONFIG: join(work, 'nowhere') }))).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('refuses to start with a dockerConfig that is missing or broken, naming the file and never the secret', async () => {
    expect(() => client({ dockerConfig: join(work, 'missing.json') })).toThrow(/^dockerConfig: cannot read .*missing\.json \(ENOENT\)$/);
    const broken = await writeJson('broken/config.json', { auths: { [registry.host]: { auth: b64('no-colon-Sekr1t') } } });
    let message = '';
    try {
      client({}, { DOCKER_CONFIG: join(work, 'broken') });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${broken}: auths.${registry.host}.auth: must be base64`);
    expect(message).not.toContain('Sekr1t');
  });

  it('registers what it read for redaction', async () => {
    const secret = 'Rotated-Registry-Secret-9';
    await writeJson('redact/config.json', { auths: { [registry.host]: { username: 'someone', password: secret } } });
    await list(client({}, { DOCKER_CONFIG: join(work, 'redact') })).catch(() => undefined);
    expect(redact(`x ${secret} y`)).toBe('x *** y');
  });
});
