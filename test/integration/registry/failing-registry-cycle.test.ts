import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from '../../../src/commands/once.js';
import { captureOutput } from '../../helpers/cli.js';
import { policy } from '../../helpers/env-repo.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let healthy: TestRegistry;
let broken: TestRegistry;
let proxy: FaultProxy;
let remote: BareRemote;
let work: string;

beforeAll(async () => {
  [healthy, broken] = await Promise.all([startRegistry(), startRegistry()]);
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(healthy.url, 'acme/web', tag);
  for (const tag of ['5', '6']) await pushImage(broken.url, 'acme/api', tag);
  // Every API request to the second registry hangs: what a registry behind a dead load balancer does.
  proxy = await startFaultProxy(broken.url, [{ path: /^\/v2\//, fault: { kind: 'hang' } }]);
  work = await mkdtemp(join(tmpdir(), 'imagebump-failing-registry-'));
});

afterAll(async () => {
  await remote?.cleanup();
  await proxy?.stop();
  await Promise.all([healthy?.stop(), broken?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('a cycle with one registry down', () => {
  it('commits the healthy registry\'s updates and reports the failing policy with its host and cause', async () => {
    const files = {
      'policies/web.yaml': policy('web', `${healthy.host}/acme/web`, 'semver: { range: "^1.0.0" }'),
      'policies/api.yaml': policy('api', `${proxy.host}/acme/api`, 'numerical: {}'),
      'apps/web.yaml': `image: ${healthy.host}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
      'apps/api.yaml': `image: ${proxy.host}/acme/api:5 # {"$imagepolicy": "apps:api"}\n`,
    };
    remote = await createBareRemote(files);
    const config = join(work, 'imagebump.yaml');
    await writeFile(config, [
      `repo: { url: ${JSON.stringify(remote.url)}, branch: main }`,
      'policies: [policies]',
      'paths: [apps]',
      'dockerConfig: []',
      'registries:',
      `  - host: "${proxy.host}"`,
      '    insecure: true',
      '    timeoutSeconds: 1',
      '    retries: 1',
      '',
    ].join('\n'));

    const io = captureOutput();
    expect(await once({ config }, io)).toBe(1);

    expect(await remote.readFile('main', 'apps/web.yaml')).toBe(files['apps/web.yaml'].replace('web:1.0.0', 'web:1.1.0'));
    expect(await remote.readFile('main', 'apps/api.yaml')).toBe(files['apps/api.yaml']);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(log[0]!.message).toContain('apps:web');
    expect(log[0]!.message).not.toContain('apps:api');
    expect(io.stdout).toMatch(/pushed [0-9a-f]{40}/);
    expect(io.stdout).toContain(`error: apps:api: registry ${proxy.host}, repository acme/api: request timed out`);
    // Two attempts (one retry), each bounded by the timeout.
    expect(proxy.count(/\/acme\/api\/tags\/list/)).toBe(2);
  });
});
