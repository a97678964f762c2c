/** An image reference split into the parts a marker can write. */
export interface ImageReference {
  /** Everything before the tag: `host[:port]/path/name`. */
  name: string;
  tag?: string;
  /** `algorithm:hex`, without the `@`. */
  digest?: string;
}

/**
 * Splits `host:port/path/name:tag@sha256:…`. The digest follows the first `@`; the tag is a `:` after
 * the last `/`, so a registry port (`localhost:5000/app`) is never mistaken for a tag.
 */
export function parseReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const named = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const result: ImageReference = { name: hasTag ? named.slice(0, colon) : named };
  if (hasTag) result.tag = named.slice(colon + 1);
  if (digest !== undefined) result.digest = digest;
  return result;
}

export function formatReference(reference: ImageReference): string {
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${reference.name}${tag}${digest}`;
}
