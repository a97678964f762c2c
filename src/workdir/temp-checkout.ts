import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentOwner, HEARTBEAT_MS, OWNER_FILE, renderOwner } from './owner.js';

/** `imagebump-` and mkdtemp's six characters; the daemon's kept clone (16 hex digits) never matches. */
export const TEMP_NAME = /^imagebump-[A-Za-z0-9]{6}$/;

export interface TempCheckout {
  /** Where to clone: inside the temporary directory, beside the owner record (git clones into an empty one). */
  checkout: string;
  /** Removes the checkout, then the record with the directory, so a kill in between leaves a marked leftover. */
  remove(): Promise<void>;
}

/**
 * A one-shot command's checkout: `imagebump-XXXXXX` under `base`, its owner recorded inside before
 * anything else, so that if the process is killed a later start can remove it (see sweep.ts).
 */
export async function createTempCheckout(base: string): Promise<TempCheckout> {
  const dir = await mkdtemp(join(base, 'imagebump-'));
  const record = join(dir, OWNER_FILE);
  try {
    await writeFile(record, renderOwner(currentOwner()), { flag: 'wx' });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(record, now, now).catch(() => undefined);
  }, HEARTBEAT_MS).unref();
  const checkout = join(dir, 'checkout');
  return {
    checkout,
    async remove() {
      clearInterval(heartbeat);
      await rm(checkout, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
