import { z } from 'zod';
import { parsePushedReference } from '../../images.js';
import { anyOf, checkHeader, checkSignature } from '../auth.js';
import { limited, pushed, readJson } from '../payload.js';
import { BadPayload, MAX_IMAGES, type Delivery, type Parsed, type WebhookSource } from '../types.js';

const bodySchema = z.union([
  z.looseObject({ images: z.array(z.string()).min(1).max(MAX_IMAGES) }),
  z.looseObject({ image: z.string().min(1) }),
]);

export const GENERIC_SIGNATURE_HEADER = 'x-imagebump-signature-256';

/**
 * `{"images": ["registry.example.com/acme/web:1.2.0", …]}` (or `{"image": …}`) from CI or anything
 * else, authenticated by a bearer token, an HMAC signature, or both.
 */
export function genericSource(token: string | undefined, secret: string | undefined): WebhookSource {
  return {
    name: 'generic',
    pathSecret: false,
    authenticate: (d) =>
      anyOf(d, [
        token === undefined ? undefined : (x) => checkHeader(x, 'authorization', `Bearer ${token}`),
        secret === undefined ? undefined : (x) => checkSignature(x, GENERIC_SIGNATURE_HEADER, secret),
      ]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const body = readJson(d.body, bodySchema, 'generic');
  const refs: string[] = 'images' in body && Array.isArray(body.images) ? body.images : [String((body as { image: string }).image)];
  return {
    kind: 'push',
    images: limited(refs.map((ref) => {
      const image = parsePushedReference(ref);
      if (!image) throw new BadPayload('generic: an entry is not an image reference');
      return pushed(image.host, image.repository, image.tag, 'generic');
    }), 'generic'),
  };
}
