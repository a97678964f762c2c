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
import { startTimelineProxy, type TimelineEvent, type TimelineProxy } from './timeline-proxy.js';

const STUCK = Array.from({ length: 12 }, (_, i) => `s${i}`);
const HEALTHY = ['h0', 'h1', 'h2'];

let healthy: TestRegistry;
let stuckBackend: TestRegistry;
let fault: FaultProxy;
let proxies: TimelineProxy[] = [];
let remote: BareRemote;
let work: string;
const timeline: TimelineEvent[] = [];

beforeAll(async () => {
  [healthy, stuckBackend] = await Promise.all([startRegistry(), startRegistry()]);
  for (const repo of HEALTHY) for (const tag of ['1.0.0', '1.1.0']) await pushImage(healthy.url, `acme/${repo}`, tag);
  await pushImage(stuckBackend.url, `acme/${STUCK[0]}`, '2');
  // Every API request to the second registry hangs until the client's timeout gives up on it.
  fault = await startFaultProxy(stuckBackend.url, [{ path: /^\/v2\//, fault: { kind: 'hang' } }]);
  proxies = await Promise.all([
    startTimelineProxy('healthy', healthy.url, timeline),
    startTimelineProxy('stuck', fault.url, timeline),
  ]);
  work = await mkdtemp(join(tmpdir(), 'imagebump-stuck-registry-'));
}, 60_000);

afterAll(async () => {
  await remote?.cleanup();
  await Promise.all(proxies.map((p) => p.stop()));
  await fault?.stop();
  await Promise.all([healthy?.stop(), stuckBackend?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('one registry stuck, one healthy', () => {
  it('lists the healthy registry before the stuck one has even timed out, and commits its updates', async () => {
    const [okHost, stuckHost] = proxies.map((p) => p.host) as [string, string];
    // The stuck registry's policies come first in every order the scan could follow.
    const files: Record<string, string> = {
      'policies/0-stuck.yaml': STUCK.map((r) => policy(`stuck-${r}`, `${stuckHost}/acme/${r}`, 'numerical: {}')).join('---\n'),
      'policies/1-ok.yaml': HEALTHY.map((r) => policy(`ok-${r}`, `${okHost}/acme/${r}`, 'semver: { range: "^1.0.0" }')).join('---\n'),
      'apps/stuck.yaml': STUCK.map((r) => `${r}: ${stuckHost}/acme/${r}:1 # {"$imagepolicy": "apps:stuck-${r}"}\n`).join(''),
      'apps/ok.yaml': HEALTHY.map((r) => `${r}: ${okHost}/acme/${r}:1.0.0 # {"$imagepolicy": "apps:ok-${r}"}\n`).join(''),
    };
    remote = await createBareRemote(files);
    const config = join(work, 'imagebump.yaml');
    await writeFile(config, [
      `repo: { url: ${JSON.stringify(remote.url)}, branch: main }`,
      'policies: [policies]',
      'paths: [apps]',
      'dockerConfig: []',
      'registries:',
      `  - { host: "${okHost}", insecure: true }`,
      `  - { host: "${stuckHost}", insecure: true, timeoutSeconds: 2, retries: 1 }`,
      '',
    ].join('\n'));

    const io = captureOutput();
    expect(await once({ config, logLevel: 'silent' }, io)).toBe(1);

    // Every healthy update is committed; nothing of the stuck registry's.
    expect(await remote.readFile('main', 'apps/ok.yaml')).toBe(files['apps/ok.yaml']!.replaceAll(':1.0.0 #', ':1.1.0 #'));
    expect(await remote.readFile('main', 'apps/stuck.yaml')).toBe(files['apps/stuck.yaml']);
    for (const r of STUCK) expect(io.stdout).toContain(`error: apps:stuck-${r}: registry ${stuckHost}, repository acme/${r}:`);

    // The order of events across both proxies: every healthy listing was answered before the first
    // stuck request was given up on, so no healthy work waited behind the stuck host.
    const firstTimeout = timeline.findIndex((e) => e.proxy === 'stuck' && e.kind === 'abandoned');
    const listings = timeline.flatMap((e, i) => (e.proxy === 'healthy' && /\/tags\/list/.test(e.path) ? [i] : []));
    expect(firstTimeout, 'the stuck host timed out').toBeGreaterThanOrEqual(0);
    expect(listings, 'one listing per healthy repository').toHaveLength(HEALTHY.length);
    expect(Math.max(...listings), JSON.stringify(timeline.slice(0, firstTimeout + 1))).toBeLessThan(firstTimeout);
    // The stuck host got at most its own concurrency (4) at a time, and its breaker spared the rest.
    expect(fault.count(/\/tags\/list/)).toBeLessThan(STUCK.length);
  });
});
