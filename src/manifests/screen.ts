import { Buffer } from 'node:buffer';

/**
 * The token every marker contains. Flux reads a file only when its bytes contain it, which also keeps
 * Helm templates and other non-manifests that merely end in `.yaml` out of the parser.
 */
export const MARKER_TOKEN = '"$imagepolicy"';
const MARKER_BYTES = Buffer.from(MARKER_TOKEN, 'utf8');

/**
 * Cheap pre-parse screen: false means the file certainly has no marker and need not be parsed. Takes
 * the raw bytes too, so a caller can skip decoding files that fail it (the token is ASCII, so a byte
 * search over UTF-8 finds exactly what a search over the decoded text would).
 */
export function mayContainMarkers(content: string | Uint8Array): boolean {
  if (typeof content === 'string') return content.includes(MARKER_TOKEN);
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(MARKER_BYTES);
}
