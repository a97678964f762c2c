import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { startDaemonProcess, waitFor, type DaemonProcess } from './daemon-process.js';

let registry: TestRegistry;
let remote: BareRemote;
let work: string;
let daemon: DaemonProcess | undefined;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-intervals-'));
  await pushImage(registry.url, 'acme/web', '1.0.0');
  await pushImage(registry.url, 'acme/api', '100');
  remote = await createBareRemote(envRepoFiles(registry.host));
});

afterAll(async () => {
  await daemon?.stop('SIGKILL');
  await registry.stop();
  await remote.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('a policy with its own interval', () => {
  it('is scanned on its own clock while the others wait for the schedule', async () => {
    const config = join(work, 'imagebump.yaml');
    await writeFile(config, `repo: { url: ${JSON.stringify(remote.fileUrl)} }\npolicies: [policies]\npaths: [apps]\n` +
      `schedule: "0 0 1 1 *"\nworkdir: ${join(work, 'wd')}\nserver: { listen: "127.0.0.1:0" }\n` +
      'daemon:\n  intervals:\n    - policies: "apps:web"\n      interval: 1s\n');
    daemon = await startDaemonProcess(['--config', config]);
    await daemon.waitForLog((l) => l.msg === 'cycle finished');
    await pushImage(registry.url, 'acme/web', '1.1.0');
    await pushImage(registry.url, 'acme/api', '200');
    await waitFor(async () => (await remote.readFile('main', 'apps/values.yaml')).includes('"1.1.0"'));
    const interval = await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'interval' && l.changes === 2);
    expect(interval).toMatchObject({ policies: 1 });
    // apps:api follows the (yearly) schedule: untouched.
    expect(await remote.readFile('main', 'apps/api.yaml')).toContain('acme/api:100');
    expect(await daemon.stop('SIGTERM')).toBe(0);
  });
});
