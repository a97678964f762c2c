import { formatReference, parseReference } from './reference.js';
import type { PolicyUpdate, RefPart } from './types.js';

export type Decision =
  | { kind: 'write'; to: string }
  | { kind: 'keep' }
  | { kind: 'downgrade-prevented'; message: string }
  | { kind: 'no-digest'; message: string };

/**
 * The value a marked scalar should hold after `update`, or why it keeps its current value. `current`
 * is the scalar's value, so for `whole` it is a full reference and for `tag` a bare tag. `fileTag` is
 * the tag this policy's tag-bearing markers hold in the same file before the rewrite, when they agree:
 * an `IfNotPresent` digest marker keeps its digest while that tag is the selected one.
 */
export function decide(part: RefPart, current: string, update: PolicyUpdate, fileTag?: string): Decision {
  switch (part) {
    case 'whole':
      return guarded(parseReference(current).tag, current, wholeReference(update, current), update);
    case 'tag':
      return guarded(current, current, update.tag, update);
    case 'name':
      return unlessEqual(current, update.image);
    case 'digest':
      if (update.digest === undefined) {
        return { kind: 'no-digest', message: `policy "${update.id}" tracks no digest, so "${current}" is left as it is` };
      }
      if (keepsDigest(update, fileTag) && DIGEST.test(current)) return { kind: 'keep' };
      return unlessEqual(current, update.digest);
  }
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * A whole marker without a digest drops an old `@digest`: the pin would be wrong for the new tag.
 * Under `IfNotPresent` a digest already written beside the selected tag (same image) is kept.
 */
function wholeReference(update: PolicyUpdate, current: string): string {
  const reference = { name: update.image, tag: update.tag };
  if (update.digest === undefined) return formatReference(reference);
  const existing = parseReference(current);
  const kept = existing.name === update.image && keepsDigest(update, existing.tag) && DIGEST.test(existing.digest ?? '');
  return formatReference({ ...reference, digest: kept ? existing.digest : update.digest });
}

function keepsDigest(update: PolicyUpdate, tag: string | undefined): boolean {
  return update.digestReflection === 'IfNotPresent' && tag !== undefined && tag === update.tag;
}

/**
 * The no-downgrade guard: a file that already holds a tag the policy ranks above its selection (a
 * manual roll-forward, or a selection made from a stale or partial tag list) is not moved back.
 */
function guarded(currentTag: string | undefined, current: string, to: string, update: PolicyUpdate): Decision {
  if (current === to) return { kind: 'keep' };
  if (currentTag !== undefined && rankedAbove(currentTag, update)) {
    return {
      kind: 'downgrade-prevented',
      message: `"${current}" is newer than "${update.tag}" under policy "${update.id}"; not downgrading`,
    };
  }
  return { kind: 'write', to };
}

function rankedAbove(currentTag: string, update: PolicyUpdate): boolean {
  if (!update.compare) return false;
  try {
    const order = update.compare(currentTag, update.tag);
    return order !== undefined && order > 0;
  } catch {
    // An ordering that cannot rank the file's tag says nothing about it, like `undefined`.
    return false;
  }
}

function unlessEqual(current: string, to: string): Decision {
  return current === to ? { kind: 'keep' } : { kind: 'write', to };
}
