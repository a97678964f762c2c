import { createHash } from 'node:crypto';
import type { Change } from '../manifests/types.js';

/**
 * The state imagebump keeps on the forge: a hidden HTML comment at the end of the PR body naming the
 * versions it proposes. A pull request closed without merging declines exactly those versions: the
 * same versions are not proposed again, a newer one is.
 */
export interface PullRequestMarker {
  /** Policy id → the values written for it, sorted. */
  versions: Record<string, string[]>;
  fingerprint: string;
}

const MARKER = /<!-- imagebump:state (\{.*?\}) -->/s;

export function markerFor(changes: readonly Change[]): PullRequestMarker {
  const versions: Record<string, string[]> = {};
  for (const c of changes) versions[c.policy] = [...new Set([...(versions[c.policy] ?? []), `${c.part}=${c.to}`])].sort();
  const canonical = JSON.stringify(Object.keys(versions).sort().map((k) => [k, versions[k]]));
  return { versions, fingerprint: createHash('sha256').update(canonical).digest('hex').slice(0, 16) };
}

export function renderMarker(marker: PullRequestMarker): string {
  // `--` cannot appear inside an HTML comment; JSON of image references never holds it, but be sure.
  return `<!-- imagebump:state ${JSON.stringify(marker).replace(/--/g, '-\\u002d')} -->`;
}

export function readMarker(body: string): PullRequestMarker | undefined {
  const m = MARKER.exec(body);
  if (!m) return undefined;
  try {
    const parsed = JSON.parse(m[1]!) as Partial<PullRequestMarker>;
    return typeof parsed.fingerprint === 'string' && parsed.versions ? (parsed as PullRequestMarker) : undefined;
  } catch {
    return undefined;
  }
}
