import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from '../../../src/commands/once.js';
import { captureOutput } from '../../helpers/cli.js';
import { policy } from '../../helpers/env-repo.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../../helpers/fault-proxy.js';
import { createBareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

// One registry behind a proxy that breaks its answers in every way a network can, the other healthy:
// each cycle ends within the registry's deadline and retries, names the broken host and why, and
// commits the healthy registry's update anyway.

const TIMEOUT_SECONDS = 0.5;
const RETRIES = 1;
let healthy: TestRegistry;
let broken: TestRegistry;
let proxy: FaultProxy;
let work: string;
const durations: Record<string, number> = {};

beforeAll(async () => {
  [healthy, broken] = await Promise.all([startRegistry(), startRegistry()]);
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(healthy.url, 'acme/web', tag);
  for (const tag of ['5', '6']) await pushImage(broken.url, 'acme/api', tag);
  proxy = await startFaultProxy(broken.url);
  work = await mkdtemp(join(tmpdir(), 'imagebump-faults-registry-'));
}, 30_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all([healthy?.stop(), broken?.stop()]);
  await rm(work, { recursive: true, force: true });
  console.log(`registry faults, seconds per cycle: ${JSON.stringify(durations)}`);
});

const FAULTS: Array<[string, Fault, RegExp]> = [
  ['a reset connection', { kind: 'reset' }, /: connection failed \(ECONNRESET\)$/],
  ['a 500', { status: 500 }, /: HTTP 500 /],
  ['a 503 with Retry-After', { status: 503, headers: { 'retry-after': '1' } }, /: HTTP 503 .*\(retry after 1 s\)$/],
  ['a 429 asking for an hour', { status: 429, headers: { 'retry-after': '3600' } }, /: HTTP 429 .*\(retry after 3600 s\)$/],
  ['a body cut off mid-way', { kind: 'cut' }, /: the response was cut off$/],
  ['a short body under a full Content-Length', { kind: 'truncated-body' }, /: tags\/list: the body is not JSON/],
  ['a stall longer than the deadline', { kind: 'stall', ms: 4_000 }, /: request timed out$/],
  ['headers, then half a body, then nothing', { kind: 'stall-body' }, /: request timed out$/],
  ['a body trickled slower than the deadline', { kind: 'slow-body', chunkBytes: 4, everyMs: 300 }, /: request timed out$/],
  ['no answer at all', { kind: 'hang' }, /: request timed out$/],
];

describe('a registry that fails in every way', () => {
  it.each(FAULTS)('%s: reported with host and cause within the deadline; the healthy update lands', async (name, fault, cause) => {
    proxy.script([{ path: /\/acme\/api\//, fault }]);
    const files = {
      'policies/web.yaml': policy('web', `${healthy.host}/acme/web`, 'semver: { range: "^1.0.0" }'),
      'policies/api.yaml': policy('api', `${proxy.host}/acme/api`, 'numerical: {}'),
      'apps/web.yaml': `image: ${healthy.host}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
      'apps/api.yaml': `image: ${proxy.host}/acme/api:5 # {"$imagepolicy": "apps:api"}\n`,
    };
    const remote = await createBareRemote(files);
    try {
      const config = join(work, 'imagebump.yaml');
      await writeFile(config, [`repo: { url: ${JSON.stringify(remote.url)}, branch: main }`, 'policies: [policies]', 'paths: [apps]',
        'dockerConfig: []', 'registries:', `  - { host: "${proxy.host}", insecure: true, timeoutSeconds: ${TIMEOUT_SECONDS}, retries: ${RETRIES} }`].join('\n') + '\n');
      const io = captureOutput();
      const started = performance.now();
      const code = await once({ config, logLevel: 'silent' }, io);
      durations[name] = Math.round(performance.now() - started) / 1000;

      expect(code, io.stdout + io.stderr).toBe(1);
      const line = io.stdout.split('\n').find((l) => l.startsWith('error: apps:api:')) ?? '';
      expect(line).toContain(`registry ${proxy.host}, repository acme/api`);
      expect(line).toMatch(cause);
      expect(await remote.readFile('main', 'apps/web.yaml')).toContain('acme/web:1.1.0');
      expect(await remote.readFile('main', 'apps/api.yaml')).toBe(files['apps/api.yaml']);
      expect((await remote.log('main')).length).toBe(2);
      // Bounded: the first attempt and at most RETRIES more reached the broken host.
      expect(proxy.requests.filter((r) => r.fault !== undefined && /tags\/list/.test(r.path)).length).toBeLessThanOrEqual(RETRIES + 1);
    } finally {
      proxy.requests.length = 0;
      await remote.cleanup();
    }
  }, 30_000);
});
