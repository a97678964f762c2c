import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { currentOwner, OWNER_FILE, ownerGone, parseOwner, probePid } from './owner.js';
import { TEMP_NAME } from './temp-checkout.js';

const RECORD_MAX_BYTES = 4096;

/**
 * Removes the temporary checkouts under `base` that killed processes left behind: only directories
 * named like ours that hold an owner record we wrote, and only when that owner is certainly gone.
 * Anything else in the directory (the daemon's kept clone, other tools' files) is not touched. Never
 * fails the start: what cannot be read or removed stays, with a warning for the latter.
 */
export async function sweepLeftovers(base: string, log: Logger): Promise<void> {
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  const self = currentOwner();
  for (const entry of entries) {
    // A symlink is not a directory here (readdir does not follow it).
    if (!entry.isDirectory() || !TEMP_NAME.test(entry.name)) continue;
    const dir = join(base, entry.name);
    const record = await readRecord(join(dir, OWNER_FILE));
    if (!record) continue;
    const owner = parseOwner(record.text);
    if (!owner || !ownerGone(owner, self, () => probePid(owner.pid), Date.now() - record.mtimeMs)) continue;
    try {
      await rm(dir, { recursive: true, force: true });
      log.info({ dir, pid: owner.pid, host: owner.host }, 'removed a temporary checkout left by a process that is gone');
    } catch (err) {
      log.warn({ dir, err: (err as Error).message }, 'could not remove a temporary checkout left by a process that is gone');
    }
  }
}

/** The record's text and mtime, if it is a small regular file. */
async function readRecord(path: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size > RECORD_MAX_BYTES) return undefined;
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : { text, mtimeMs: info.mtimeMs };
}
