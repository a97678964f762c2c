import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { CAN_MOUNT, CLI, fillUntil, freeBytes, mountTmpfs, runNodeWith, unmount } from './disk-faults.js';

/*
 * A write that fails half-way, for real: a tmpfs that fills up (ENOSPC) where the machine lets us
 * mount one (CI runs as root), and always a file-size limit (RLIMIT_FSIZE through prlimit: EFBIG after
 * a partial write, no privilege needed). Either way the error names the file and the cause, the old
 * file is intact, no temp file is left, and a cycle publishes nothing.
 */

interface Fault {
  name: string;
  code: string;
  cause: string;
  /** Sets the fault up in `dir` so that `keep` more bytes still fit and a write of `fail` bytes does not. */
  arm(dir: string, keep: number, fail: number): Promise<string[]>;
}

const mounts: string[] = [];
const FAULTS: Fault[] = [
  {
    name: 'a file-size limit (prlimit --fsize)',
    code: 'EFBIG',
    cause: 'file too large',
    arm: async (_dir, keep, fail) => ['prlimit', `--fsize=${Math.min(keep, fail - 1)}`],
  },
];
if (CAN_MOUNT) {
  FAULTS.unshift({
    name: 'a full tmpfs',
    code: 'ENOSPC',
    cause: 'no space left on device',
    arm: async (dir, keep) => {
      await fillUntil(dir, keep);
      return [];
    },
  });
}

let work: string;
let registry: TestRegistry;
let remote: BareRemote;
let bigYaml: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'imagebump-disk-full-'));
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.10.0']) await pushImage(registry.url, 'acme/web', tag);
  // 8,000 values that each grow by a byte (1.0.0 → 1.10.0): the rewrite is 8 KB longer than the file.
  bigYaml = `images:\n${`  - ${registry.host}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`.repeat(8_000)}`;
  remote = await createBareRemote({
    'policies/web.yaml': `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: web, namespace: apps }\nspec:\n  image: ${registry.host}/acme/web\n  policy: { semver: { range: ">=1.0.0" } }\n`,
    'apps/big.yaml': bigYaml,
  });
}, 60_000);
afterAll(async () => {
  for (const dir of mounts) unmount(dir);
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A fresh directory for one test; a tmpfs of `bytes` when the fault needs one. */
async function area(name: string, fault: Fault, bytes: number): Promise<string> {
  const dir = join(work, `${name}-${fault.code}`);
  await mkdir(dir);
  if (fault.code === 'ENOSPC') {
    mountTmpfs(dir, bytes);
    mounts.push(dir);
  }
  return dir;
}

describe.each(FAULTS)('$name', (fault) => {
  it(`writeFileAtomic: ${fault.code} names the file and the cause; the old file is intact and no temp file is left`, async () => {
    const dir = await area('write', fault, 1024 * 1024);
    const file = join(dir, 'web.yaml');
    await writeFile(file, 'image: web:1.0.0\n');
    const prefix = await fault.arm(dir, 64 * 1024, 256 * 1024);
    const free = await freeBytes(dir);
    const child = await runNodeWith(prefix, join(import.meta.dirname, 'disk-write-child.ts'), [file, String(256 * 1024), 'apps/web.yaml']);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      ok: false,
      name: 'FileWriteError',
      code: fault.code,
      file: 'apps/web.yaml',
      message: `cannot write apps/web.yaml: ${fault.cause} (${fault.code}); the file is unchanged`,
    });
    expect(await readFile(file, 'utf8')).toBe('image: web:1.0.0\n');
    expect((await readdir(dir)).filter((f) => f !== 'filler')).toEqual(['web.yaml']);
    // The partial temp file was written and removed: its space is free again (on a file system of our own).
    if (fault.code === 'ENOSPC') expect(await freeBytes(dir)).toBe(free);
  }, 30_000);

  it(`once: ${fault.code} while writing the checkout is reported with the file and cause, and nothing is published`, async () => {
    const workdir = await area('cycle', fault, 8 * 1024 * 1024);
    const before = await remote.log('main');
    // What a clone takes, measured with a clone like the cycle's; then only that and a little more fits.
    const trial = join(workdir, 'trial');
    const free = await freeBytes(workdir);
    await git(['clone', '--quiet', '--single-branch', '--branch=main', '--', remote.url, trial], work);
    const cloneBytes = free - (await freeBytes(workdir));
    await rm(trial, { recursive: true, force: true });
    const slack = 128 * 1024;
    const prefix = await fault.arm(workdir, fault.code === 'ENOSPC' ? cloneBytes + slack : bigYaml.length + 2048, bigYaml.length + 8_000);
    const config = join(work, `config-${fault.code}.yaml`);
    await writeFile(config, `repo: { url: ${JSON.stringify(remote.url)}, branch: main }\npolicies: [policies]\npaths: [apps]\nworkdir: ${workdir}\n`);
    const freeBefore = await freeBytes(workdir);

    const run = await runNodeWith(prefix, CLI, ['once', '--config', config]);
    expect(run.stderr).toContain(`error: cannot write apps/big.yaml: ${fault.cause} (${fault.code}); the file is unchanged\n`);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(await remote.log('main')).toEqual(before);
    // The checkout (and the half-written temp file in it) is gone; the space it took is free again.
    expect((await readdir(workdir)).filter((f) => f !== 'filler')).toEqual([]);
    if (fault.code === 'ENOSPC') expect(await freeBytes(workdir)).toBe(freeBefore);
  }, 90_000);
});

describe('the fault mechanisms available here', () => {
  it('always include a partial write that fails; a full tmpfs when the machine lets tests mount one', () => {
    expect(FAULTS.map((f) => f.code)).toEqual(CAN_MOUNT ? ['ENOSPC', 'EFBIG'] : ['EFBIG']);
    console.log(`disk-full faults: ${FAULTS.map((f) => `${f.name} (${f.code})`).join(', ')}`);
  });
});
