import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { startDaemonProcess, type DaemonProcess } from './daemon-process.js';

let registry: TestRegistry;
let remote: BareRemote;
let work: string;
const daemons: DaemonProcess[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-replicas-'));
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '200']) await pushImage(registry.url, 'acme/api', tag);
  remote = await createBareRemote(envRepoFiles(registry.host));
});

afterAll(async () => {
  await Promise.all(daemons.map((d) => d.stop('SIGKILL')));
  await registry.stop();
  await remote.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('two replicas on one branch', () => {
  it('publish each change once, whichever pushes first', async () => {
    // Started together, so their first cycles race for the same push.
    daemons.push(...await Promise.all(['a', 'b'].map(async (name) => {
      const config = join(work, `${name}.yaml`);
      await writeFile(config, `repo: { url: ${JSON.stringify(remote.fileUrl)} }\npolicies: [policies]\npaths: [apps]\n` +
        `schedule: "0 0 1 1 *"\nworkdir: ${join(work, name)}\nserver: { listen: "127.0.0.1:0" }\n`);
      return startDaemonProcess(['--config', config]);
    })));
    await Promise.all(daemons.map((d) => d.waitForLog((l) => l.msg === 'cycle finished' || l.msg === 'cycle failed')));
    for (const d of daemons) expect(d.lines().some((l) => l.msg === 'cycle failed')).toBe(false);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(await remote.readFile('main', 'apps/values.yaml')).toContain('"1.1.0"');
    expect(await remote.readFile('main', 'apps/api.yaml')).toContain('acme/api:200');
    for (const d of daemons) expect(await d.stop('SIGTERM')).toBe(0);
  });
});
