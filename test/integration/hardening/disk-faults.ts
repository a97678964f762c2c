import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type CliRun } from '../../helpers/cli.js';

/*
 * Real file-system faults, no mocks: a tiny tmpfs that fills up (ENOSPC), a file-size limit
 * (RLIMIT_FSIZE: EFBIG, the same partial write and failure, and it needs no privilege), and a
 * directory made read-only in the strongest way the machine allows. Root ignores permission bits, so
 * `chmod 0555` alone proves nothing under root: a read-only bind mount (EROFS) comes first, then the
 * immutable attribute (`chattr +i`, EPERM), and plain permissions (EACCES) only for a non-root user.
 */

function run(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Whether this machine lets the tests mount a tmpfs (root with CAP_SYS_ADMIN; CI runs as root). */
export const CAN_MOUNT = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'imagebump-mount-probe-'));
  try {
    return run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]) && run('umount', [probe]);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

export function mountTmpfs(dir: string, bytes: number): void {
  if (!run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir])) throw new Error(`cannot mount a tmpfs at ${dir}`);
}

export function unmount(dir: string): void {
  run('umount', ['-l', dir]);
}

export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** Fills the file system of `dir` until `leave` bytes are free. */
export async function fillUntil(dir: string, leave: number): Promise<void> {
  await writeFile(join(dir, 'filler'), Buffer.alloc(Math.max(0, (await freeBytes(dir)) - leave)));
}

export interface ReadOnly {
  how: string;
  undo(): Promise<void>;
}

/** Makes `dir` read-only for this process, by a read-only bind mount, `chattr +i`, or (non-root) chmod. */
export async function makeReadOnly(dir: string): Promise<ReadOnly> {
  if (run('mount', ['--bind', dir, dir])) {
    if (run('mount', ['-o', 'remount,bind,ro', dir])) return { how: 'a read-only bind mount', undo: async () => unmount(dir) };
    unmount(dir);
  }
  if (run('chattr', ['+i', dir])) return { how: 'chattr +i', undo: async () => void run('chattr', ['-i', dir]) };
  if (process.getuid?.() !== 0) {
    await chmod(dir, 0o555);
    return { how: 'chmod 0555', undo: () => chmod(dir, 0o755) };
  }
  throw new Error('root without CAP_SYS_ADMIN or CAP_LINUX_IMMUTABLE: no way to make a directory read-only for this process');
}

/** Runs a TypeScript script (through tsx) with `prefix` before node, e.g. `prlimit --fsize=N`. */
export function runNodeWith(prefix: string[], script: string, args: string[]): Promise<CliRun> {
  const command = [...prefix, process.execPath, '--import', 'tsx', script, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const CLI = `${ROOT}src/cli.ts`;
