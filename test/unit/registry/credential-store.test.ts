import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerConfigFiles } from '../../../src/registry/credentials/config-files.js';
import type { HelperRunner } from '../../../src/registry/credentials/helper.js';
import { CredentialStore, type ExplicitCredentials } from '../../../src/registry/credentials/store.js';
import type { Credentials } from '../../../src/registry/settings.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-cred-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

async function files(...configs: object[]): Promise<DockerConfigFiles> {
  const specs = await Promise.all(configs.map(async (config, i) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}-${i}.json`);
    await writeFile(path, JSON.stringify(config));
    return { path, required: true };
  }));
  return new DockerConfigFiles(specs);
}

/** A helper runner that answers from a table and records its calls. */
function fakeHelpers(table: Record<string, Credentials | undefined>) {
  const calls: string[] = [];
  const run: HelperRunner = async (helper, server) => {
    calls.push(`${helper} ${server}`);
    return table[`${helper} ${server}`];
  };
  return { calls, run };
}

function store(dockerConfig: DockerConfigFiles, run: HelperRunner, explicit: Record<string, ExplicitCredentials> = {}, now = () => 0) {
  return new CredentialStore({ explicit: (r) => explicit[r] ?? {}, dockerConfig, runHelper: run, now });
}

describe('CredentialStore precedence', () => {
  const fromHelper = { username: 'helper', password: 'from-helper' };
  const fromStore = { username: 'store', password: 'from-store' };

  it('explicit credentials, then the explicit helper, then credHelpers, credsStore, auths', async () => {
    const config = await files({
      auths: { 'a.example': { auth: b64('auths:pw') }, 'b.example': { auth: b64('auths:pw') }, 'c.example': { auth: b64('auths:pw') } },
      credHelpers: { 'b.example': 'special' },
      credsStore: 'desktop',
    });
    const { run, calls } = fakeHelpers({ 'mine a.example': fromHelper, 'special b.example': fromHelper, 'desktop c.example': fromStore });
    const s = store(config, run, {
      'a.example': { helper: 'mine' },
      'x.example': { credentials: { username: 'explicit', password: 'pw' } },
    });
    expect(await s.get('x.example')).toEqual({ username: 'explicit', password: 'pw' });
    expect(await s.get('a.example')).toEqual(fromHelper);
    expect(await s.get('b.example')).toEqual(fromHelper);
    expect(await s.get('c.example')).toEqual(fromStore);
    expect(calls).toEqual(['mine a.example', 'special b.example', 'desktop c.example']);
  });

  it('falls back to auths when the helper has nothing, and remembers the miss for a while', async () => {
    const { run, calls } = fakeHelpers({});
    const s = store(await files({ credsStore: 'desktop', auths: { 'a.example': { username: 'u', password: 'p' } } }), run);
    expect(await s.get('a.example')).toEqual({ username: 'u', password: 'p' });
    expect(await s.get('a.example')).toEqual({ username: 'u', password: 'p' });
    expect(calls).toHaveLength(1);
  });

  it('takes the first file that has an entry, in the order given', async () => {
    const { run } = fakeHelpers({});
    const s = store(await files({ auths: { 'a.example': { auth: b64('first:1') } } }, { auths: { 'a.example': { auth: b64('second:2') }, 'b.example': { auth: b64('second:2') } } }), run);
    expect(await s.get('a.example')).toEqual({ username: 'first', password: '1' });
    expect(await s.get('b.example')).toEqual({ username: 'second', password: '2' });
  });

  it('asks the helper again after invalidate (refused credentials)', async () => {
    const { run, calls } = fakeHelpers({ 'mine a.example': fromHelper });
    const s = store(await files({}), run, { 'a.example': { helper: 'mine' } });
    await s.get('a.example');
    await s.get('a.example');
    s.invalidate('a.example');
    await s.get('a.example');
    expect(calls).toHaveLength(2);
  });

  it('asks Docker Hub helpers for the historic index URL', async () => {
    const { run, calls } = fakeHelpers({ 'desktop https://index.docker.io/v1/': fromStore });
    const s = store(await files({ credsStore: 'desktop' }), run);
    expect(await s.get('docker.io')).toEqual(fromStore);
    expect(calls).toEqual(['desktop https://index.docker.io/v1/']);
  });
});
