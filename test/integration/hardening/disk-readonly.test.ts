import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from '../../../src/commands/once.js';
import { createDeps } from '../../../src/commands/deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { runCycle } from '../../../src/cycle.js';
import { FileWriteError } from '../../../src/files/atomic-write.js';
import { createLogger } from '../../../src/log/logger.js';
import { captureOutput } from '../../helpers/cli.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { makeReadOnly, type ReadOnly } from './disk-faults.js';

/*
 * A working directory that cannot be written, made read-only for real (a read-only bind mount, else
 * `chattr +i`, else chmod for a non-root user; see disk-faults.ts): before the clone (the workdir) and
 * between the clone and the write (the checkout). The cycle names the path and the cause and publishes
 * nothing.
 */

let work: string;
let registry: TestRegistry;
let remote: BareRemote;
const WEB = (host: string, tag: string) => `image: ${host}/acme/web:${tag} # {"$imagepolicy": "apps:web"}\n`;
/** The cause each way of making a directory read-only gives. */
const CAUSES: Record<string, string> = {
  'a read-only bind mount': 'read-only file system (EROFS)',
  'chattr +i': 'operation not permitted (EPERM)',
  'chmod 0555': 'permission denied (EACCES)',
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'imagebump-read-only-'));
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  remote = await createBareRemote({
    'policies/web.yaml': `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: web, namespace: apps }\nspec:\n  image: ${registry.host}/acme/web\n  policy: { semver: { range: ">=1.0.0" } }\n`,
    'apps/web.yaml': WEB(registry.host, '1.0.0'),
  });
}, 60_000);
afterAll(async () => {
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function configFile(workdir: string): Promise<string> {
  const file = join(work, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, `repo: { url: ${JSON.stringify(remote.url)}, branch: main }\npolicies: [policies]\npaths: [apps]\nworkdir: ${workdir}\n`);
  return file;
}

describe('a working directory that cannot be written', () => {
  it('a read-only workdir: once stops before cloning, naming the directory and the cause; the remote is untouched', async () => {
    const workdir = join(work, 'workdir');
    await mkdir(workdir);
    const before = await remote.log('main');
    const readOnly = await makeReadOnly(workdir);
    try {
      const io = captureOutput();
      expect(await once({ config: await configFile(workdir) }, io)).toBe(2);
      const [reason, code] = CAUSES[readOnly.how]!.match(/^(.*) \((\w+)\)$/)!.slice(1) as [string, string];
      const path = workdir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(io.stderr).toMatch(new RegExp(`^error: ${code}: ${reason}, mkdtemp '${path}/imagebump-\\w+'\\n$`));
      expect(io.stdout).toBe('');
    } finally {
      await readOnly.undo();
    }
    expect(await readdir(workdir)).toEqual([]);
    expect(await remote.log('main')).toEqual(before);
  }, 30_000);

  it('a checkout that turns read-only before the write: the cycle fails with the file and cause, leaves the file whole, publishes nothing', async () => {
    const workdir = join(work, 'checkouts');
    await mkdir(workdir);
    const before = await remote.log('main');
    const { config } = await loadConfig(await configFile(workdir));
    const deps = createDeps(config!, createLogger('silent'));
    const clone = deps.openWorkspace;
    let readOnly: ReadOnly | undefined;
    let left: { files: string[]; web: string } | undefined;
    deps.openWorkspace = async () => {
      const ws = await clone();
      const apps = join(ws.dir, 'apps');
      readOnly = await makeReadOnly(apps);
      const dispose = async () => {
        left = { files: await readdir(apps), web: await readFile(join(apps, 'web.yaml'), 'utf8') };
        await readOnly!.undo();
        await ws.dispose();
      };
      return { ...ws, dispose };
    };

    const failed = await runCycle(config!, deps, { dryRun: false }).then(() => undefined, (err: unknown) => err);
    expect(failed).toBeInstanceOf(FileWriteError);
    expect((failed as Error).message).toBe(`cannot write apps/web.yaml: ${CAUSES[readOnly!.how]}; the file is unchanged`);
    expect(left).toEqual({ files: ['web.yaml'], web: WEB(registry.host, '1.0.0') });
    expect(await readdir(workdir)).toEqual([]);
    expect(await remote.log('main')).toEqual(before);
    console.log(`read-only checkout made with ${readOnly!.how}`);
  }, 30_000);
});
