import { z } from 'zod';
import { anyOf, checkPathSecret } from '../auth.js';
import { pushed, readJson } from '../payload.js';
import type { Delivery, Parsed, WebhookSource } from '../types.js';

const pushSchema = z.looseObject({
  push_data: z.looseObject({ tag: z.string().nullish() }),
  repository: z.looseObject({ repo_name: z.string().min(1) }),
});

/**
 * Docker Hub repository webhooks. Docker Hub neither signs nor sends a token: the secret is a segment of
 * the URL. Its `callback_url` is never called (it would make us contact a host the config does not name).
 */
export function dockerhubSource(pathSecret: string | undefined): WebhookSource {
  return {
    name: 'dockerhub',
    pathSecret: true,
    authenticate: (d) => anyOf(d, [pathSecret === undefined ? undefined : (x) => checkPathSecret(x, pathSecret)]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const body = readJson(d.body, pushSchema, 'dockerhub');
  return { kind: 'push', images: [pushed('docker.io', body.repository.repo_name, body.push_data.tag ?? undefined, 'dockerhub')] };
}
