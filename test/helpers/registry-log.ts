import { readFile, stat } from 'node:fs/promises';
import type { TestRegistry } from './registry.js';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export interface RequestLog {
  /** Requests the registry logged since the log was opened (or last `reset`). */
  since(): Promise<LoggedRequest[]>;
  reset(): Promise<void>;
}

const ACCESS_LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

/**
 * Counts requests at the registry itself, from its access log (one combined-log line per request,
 * written before the response completes), so a test sees what really reached the server.
 */
export async function openRequestLog(registry: TestRegistry): Promise<RequestLog> {
  let offset = (await stat(registry.logFile)).size;
  return {
    async since() {
      const text = (await readFile(registry.logFile)).subarray(offset).toString('utf8');
      return text.split('\n').flatMap((line) => {
        const m = ACCESS_LINE.exec(line);
        return m ? [{ method: m[1]!, path: m[2]!, status: Number(m[3]) }] : [];
      });
    },
    async reset() {
      offset = (await stat(registry.logFile)).size;
    },
  };
}

/** `{ 'HEAD manifests': 3, 'GET blobs': 2 }`: requests by method and API kind, for compact assertions. */
export function countByKind(requests: readonly LoggedRequest[], repository?: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(r.path);
    if (!m || (repository !== undefined && m[1] !== repository)) continue;
    const key = `${r.method} ${m[2]}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Deletes what a tag points at (registry 2.8 deletes by digest only, untagging every tag on it). */
export async function deleteTag(registry: TestRegistry, repository: string, tag: string): Promise<void> {
  const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, ' +
    'application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json';
  const head = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { accept } });
  const digest = head.headers.get('docker-content-digest');
  if (head.status !== 200 || digest === null) throw new Error(`HEAD ${repository}:${tag}: HTTP ${head.status}`);
  const deleted = await fetch(`${registry.url}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
  if (deleted.status !== 202) throw new Error(`DELETE ${repository}@${digest}: HTTP ${deleted.status}`);
}
