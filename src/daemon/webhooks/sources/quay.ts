import { z } from 'zod';
import { anyOf, checkPathSecret } from '../auth.js';
import { hostOf, pushed, readJson } from '../payload.js';
import type { Delivery, Parsed, WebhookSource } from '../types.js';

const pushSchema = z.looseObject({
  repository: z.string().min(1),
  docker_url: z.string().optional(),
  // A list of tags in current Quay, a map of tag to image id in old payloads.
  updated_tags: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
});

/** Quay "Push to Repository" notifications. Quay cannot sign: the secret is a segment of the URL. */
export function quaySource(pathSecret: string | undefined): WebhookSource {
  return {
    name: 'quay',
    pathSecret: true,
    authenticate: (d) => anyOf(d, [pathSecret === undefined ? undefined : (x) => checkPathSecret(x, pathSecret)]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const body = readJson(d.body, pushSchema, 'quay');
  const host = hostOf(body.docker_url) ?? 'quay.io';
  const tags = Array.isArray(body.updated_tags) ? body.updated_tags : Object.keys(body.updated_tags ?? {});
  return { kind: 'push', images: [pushed(host, body.repository, tags[0], 'quay')] };
}
