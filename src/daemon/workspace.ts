import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { refreshWorkspace } from '../git/workspace.js';
import type { CloneOptions, Workspace } from '../git/types.js';

/**
 * Where a daemon keeps its clone between cycles: one directory per remote and branch under the workdir
 * (an emptyDir in Kubernetes), named by a hash so no URL (or credential in one) reaches the filesystem.
 */
export function keptCloneDir(base: string, url: string, branch: string): string {
  const id = createHash('sha256').update(`${url}\n${branch}`).digest('hex').slice(0, 16);
  return join(base, `imagebump-${id}`);
}

/** Opens the kept clone (fetching, or cloning afresh when it is damaged); disposing it keeps it. */
export async function keptWorkspace(opts: CloneOptions): Promise<Workspace> {
  const ws = await refreshWorkspace(opts);
  // Forwards everything the port offers, whatever it gains later; only dispose changes meaning.
  return new Proxy(ws, { get: (target, property, receiver) => (property === 'dispose' ? keep : Reflect.get(target, property, receiver)) });
}

async function keep(): Promise<void> {}
