import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Counts requests where they arrive: the registry's own access log (one line per request), read from
 * an offset taken before the run. No counter of the program under test is trusted.
 */
export interface RegistryRequests {
  total: number;
  tagLists: number;
  manifests: number;
  /** Of `manifests`, the HEADs (a digest check; Docker Hub does not count them against its pull limit). */
  manifestHeads: number;
  blobs: number;
  /** `GET /v2/` version checks and anything else. */
  other: number;
}

const ACCESS = /^\S+ - - \[[^\]]+\] "(GET|HEAD|POST|PUT|PATCH|DELETE) (\S+) HTTP\/[\d.]+" \d+/;

export async function logOffset(logFile: string): Promise<number> {
  return (await stat(logFile)).size;
}

/** Requests logged since `from`, once the log has stopped growing (the registry writes it asynchronously). */
export async function requestsSince(logFile: string, from: number): Promise<RegistryRequests> {
  let size = await logOffset(logFile);
  for (;;) {
    await sleep(100);
    const now = await logOffset(logFile);
    if (now === size) break;
    size = now;
  }
  const handle = await open(logFile, 'r');
  try {
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    return count(buffer.toString('utf8'));
  } finally {
    await handle.close();
  }
}

function count(log: string): RegistryRequests {
  const out: RegistryRequests = { total: 0, tagLists: 0, manifests: 0, manifestHeads: 0, blobs: 0, other: 0 };
  for (const line of log.split('\n')) {
    const match = ACCESS.exec(line);
    if (!match) continue;
    const path = match[2]!;
    out.total++;
    if (/\/tags\/list(\?|$)/.test(path)) out.tagLists++;
    else if (path.includes('/manifests/')) {
      out.manifests++;
      if (match[1] === 'HEAD') out.manifestHeads++;
    }
    else if (path.includes('/blobs/')) out.blobs++;
    else out.other++;
  }
  return out;
}
