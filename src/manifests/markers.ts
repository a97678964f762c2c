import type { RefPart } from './types.js';

/*
 * How a marker names a policy (our decision, compatible with every marker Flux accepts):
 * - `NAMESPACE:NAME` writes the whole reference; `NAMESPACE:NAME:FIELD` writes one part, FIELD being
 *   `tag`, `name` or `digest`. These are Flux's forms and always mean what they mean in Flux.
 * - A policy declared without a namespace lives in namespace `default`, so `NAME` alone is shorthand
 *   for `default:NAME`.
 * - `A:B` where `A:B` is not declared but B is a field name and `default:A` is declared could mean
 *   `default:A:B` written short. We never guess: it is an `ambiguous-marker` asking for the long form.
 */
export const DEFAULT_NAMESPACE = 'default';

const FIELDS: ReadonlySet<string> = new Set(['tag', 'name', 'digest']);

export type MarkerText = { ok: true; ref: string } | { ok: false; message: string };

export type MarkerResolution =
  | { ok: true; policy: string; part: RefPart }
  | { ok: false; kind: 'bad-marker' | 'unknown-policy' | 'ambiguous-marker'; message: string; policy?: string };

/** Reads a comment token (`# {"$imagepolicy": "ns:name"}`): it must be a JSON object of strings. */
export function parseMarkerComment(comment: string): MarkerText {
  const body = comment.replace(/^#/, '').trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { ok: false, message: `marker comment is not valid JSON (${(error as Error).message}): ${body}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: `marker comment must be a JSON object: ${body}` };
  }
  const entries = Object.entries(parsed);
  if (entries.some(([, value]) => typeof value !== 'string')) {
    return { ok: false, message: `marker comment must map keys to strings: ${body}` };
  }
  const ref = (parsed as Record<string, string>)['$imagepolicy'];
  if (ref === undefined) return { ok: false, message: `marker comment has no "$imagepolicy" key: ${body}` };
  return { ok: true, ref };
}

/** Turns the marker's `"…"` value into a declared policy id and the part to write. */
export function resolveMarker(ref: string, declared: ReadonlySet<string>): MarkerResolution {
  const segments = ref.split(':');
  if (segments.some((segment) => segment === '')) {
    return bad(`marker "${ref}" has an empty namespace, name or field`);
  }
  const [first = '', second, third] = segments;
  if (segments.length > 3) return bad(`marker "${ref}" has too many ':'-separated parts (at most NAMESPACE:NAME:FIELD)`);
  if (second === undefined) return known(`${DEFAULT_NAMESPACE}:${first}`, 'whole', ref, declared);
  const id = `${first}:${second}`;
  if (third !== undefined) {
    if (!FIELDS.has(third)) return bad(`marker "${ref}" has unknown field "${third}" (expected tag, name or digest)`);
    return known(id, third as RefPart, ref, declared);
  }
  const shortId = `${DEFAULT_NAMESPACE}:${first}`;
  if (!declared.has(id) && FIELDS.has(second) && declared.has(shortId)) {
    return {
      ok: false,
      kind: 'ambiguous-marker',
      policy: shortId,
      message: `marker "${ref}" names no declared policy "${id}"; if you mean the ${second} of policy "${shortId}", write "${shortId}:${second}"`,
    };
  }
  return known(id, 'whole', ref, declared);
}

function known(policy: string, part: RefPart, ref: string, declared: ReadonlySet<string>): MarkerResolution {
  if (declared.has(policy)) return { ok: true, policy, part };
  return { ok: false, kind: 'unknown-policy', policy, message: `marker "${ref}" names policy "${policy}", which is not declared` };
}

function bad(message: string): MarkerResolution {
  return { ok: false, kind: 'bad-marker', message };
}
