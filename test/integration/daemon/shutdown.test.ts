import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { request, startDaemonProcess } from './daemon-process.js';
import { startSlowProxy, type SlowProxy } from './slow-proxy.js';

const SLOW_MS = 1_500;
let registry: TestRegistry;
let proxy: SlowProxy;
let work: string;
const remotes: BareRemote[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startSlowProxy(registry.url, SLOW_MS);
  work = await mkdtemp(join(tmpdir(), 'imagebump-shutdown-'));
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '200']) await pushImage(registry.url, 'acme/api', tag);
});

afterAll(async () => {
  await Promise.all(remotes.map((r) => r.cleanup()));
  await proxy.stop();
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

/** A daemon whose first cycle spends SLOW_MS listing tags (through the proxy), so a signal lands mid-cycle. */
async function slowDaemon(name: string, args: string[], extra = '') {
  const remote = await createBareRemote(envRepoFiles(proxy.host));
  remotes.push(remote);
  const config = join(work, `${name}.yaml`);
  await writeFile(config, `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\nschedule: "0 0 1 1 *"\n` +
    `workdir: ${join(work, name)}\nserver: { listen: "127.0.0.1:0" }\n${extra}`);
  const daemon = await startDaemonProcess(['--config', config, ...args]);
  await daemon.waitForLog((l) => l.msg === 'cycle started');
  return { daemon, remote };
}

/** Either every marked value moved in one commit, or the remote is exactly as seeded. */
async function wholeOrNothing(remote: BareRemote): Promise<'whole' | 'nothing'> {
  const log = await remote.log('main');
  const files = await Promise.all(['apps/web.yaml', 'apps/api.yaml', 'apps/values.yaml'].map((f) => remote.readFile('main', f)));
  const moved = [files[0]!.includes('acme/web:1.1.0'), files[1]!.includes('acme/api:200'), files[2]!.includes('"1.1.0"')];
  if (log.length === 1 && moved.every((m) => !m)) return 'nothing';
  if (log.length === 2 && moved.every((m) => m)) return 'whole';
  throw new Error(`half a change: ${log.length} commits, moved ${JSON.stringify(moved)}`);
}

describe('SIGTERM in the middle of a cycle', () => {
  it('with no grace left, abandons the cycle before it publishes: the remote holds none of it', async () => {
    const { daemon, remote } = await slowDaemon('abandon', ['--grace-seconds', '0']);
    expect((await request(`${daemon.url}/readyz`)).status).toBe(503);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(daemon.lines().some((l) => l.msg === 'cycle abandoned before publishing; nothing was pushed' && l.why === 'shutdown')).toBe(true);
    expect(daemon.lines().at(-1)).toMatchObject({ finished: false });
    expect(await wholeOrNothing(remote)).toBe('nothing');
  });

  it('within its grace period, finishes the cycle: the remote holds all of it', async () => {
    const { daemon, remote } = await slowDaemon('finish', ['--grace-seconds', '30']);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(daemon.lines().at(-1)).toMatchObject({ msg: 'stopped', finished: true });
    expect(await wholeOrNothing(remote)).toBe('whole');
  });
});

describe('a cycle that outlives its deadline', () => {
  it('is abandoned before it publishes, and counted', async () => {
    const { daemon, remote } = await slowDaemon('deadline', [], 'daemon: { deadline: 300ms }\n');
    await daemon.waitForLog((l) => l.msg === 'cycle abandoned before publishing; nothing was pushed' && l.why === 'deadline');
    const metrics = await request(`${daemon.url}/metrics`);
    expect(metrics.body).toMatch(/imagebump_cycles_total\{outcome="abandoned",trigger="start"\} 1/);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(await wholeOrNothing(remote)).toBe('nothing');
  });
});
