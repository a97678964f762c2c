import type { Provenance } from '../report/pr-body.js';

/** Policy id → the selected image's source annotations, for the scan outcomes that carry them. */
export function provenanceOf(
  outcomes: ReadonlyArray<{ policy: string; source?: string; revision?: string; fromRevision?: string }>,
): Map<string, Provenance> {
  const out = new Map<string, Provenance>();
  for (const o of outcomes) {
    if (o.source === undefined && o.revision === undefined) continue;
    out.set(o.policy, { source: o.source, revision: o.revision, fromRevision: o.fromRevision });
  }
  return out;
}
