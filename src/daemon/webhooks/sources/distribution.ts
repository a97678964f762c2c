import { z } from 'zod';
import { anyOf, checkHeader } from '../auth.js';
import { hostOf, limited, pushed, readJson } from '../payload.js';
import type { Delivery, Parsed, WebhookSource } from '../types.js';

const envelopeSchema = z.looseObject({
  events: z.array(
    z.looseObject({
      action: z.string(),
      target: z.looseObject({ repository: z.string().optional(), tag: z.string().optional(), url: z.string().optional() }).optional(),
      request: z.looseObject({ host: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * CNCF distribution notifications (`application/vnd.docker.distribution.events.v1+json`): registry:2,
 * Zot, self-managed GitLab's registry. The endpoint's `headers:` carry `Authorization: Bearer <token>`.
 * Only manifest pushes with a tag count; blob pushes and the by-digest children of a multi-arch push
 * are skipped.
 */
export function distributionSource(token: string | undefined): WebhookSource {
  return {
    name: 'distribution',
    pathSecret: false,
    authenticate: (d) => anyOf(d, [token === undefined ? undefined : (x) => checkHeader(x, 'authorization', `Bearer ${token}`)]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const body = readJson(d.body, envelopeSchema, 'distribution');
  const images = body.events
    .filter((e) => e.action === 'push' && e.target?.tag && e.target.repository)
    .map((e) => pushed(e.request?.host ?? hostOf(e.target?.url) ?? '', e.target!.repository!, e.target!.tag, 'distribution'));
  if (images.length === 0) return { kind: 'ignored', reason: 'no tagged manifest push in the envelope' };
  return { kind: 'push', images: limited(dedupe(images), 'distribution') };
}

function dedupe<T extends { host: string; repository: string }>(images: T[]): T[] {
  const seen = new Map<string, T>();
  for (const i of images) seen.set(`${i.host}/${i.repository}`, i);
  return [...seen.values()];
}
