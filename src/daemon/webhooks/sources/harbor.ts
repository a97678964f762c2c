import { z } from 'zod';
import { parsePushedReference } from '../../images.js';
import { anyOf, checkHeader } from '../auth.js';
import { hostOf, limited, pushed, readJson } from '../payload.js';
import { BadPayload, type Delivery, type Parsed, type WebhookSource } from '../types.js';

const eventSchema = z.looseObject({
  type: z.string(),
  event_data: z
    .looseObject({
      resources: z.array(z.looseObject({ tag: z.string().nullish(), resource_url: z.string().nullish() })).optional(),
      repository: z.looseObject({ repo_full_name: z.string().nullish(), namespace: z.string().nullish(), name: z.string().nullish() }).optional(),
    })
    .optional(),
});

const PUSH_TYPES = new Set(['PUSH_ARTIFACT', 'pushImage']);

/** Harbor: PUSH_ARTIFACT events; the "Auth Header" of the webhook policy arrives verbatim as Authorization. */
export function harborSource(token: string | undefined): WebhookSource {
  return {
    name: 'harbor',
    pathSecret: false,
    authenticate: (d) => anyOf(d, [token === undefined ? undefined : (x) => checkHeader(x, 'authorization', token)]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const body = readJson(d.body, eventSchema, 'harbor');
  if (!PUSH_TYPES.has(body.type)) return { kind: 'ignored', reason: `event type ${body.type}` };
  const resources = body.event_data?.resources ?? [];
  if (resources.length === 0) throw new BadPayload('harbor: event_data.resources is empty');
  const repo = body.event_data?.repository;
  const fullName = repo?.repo_full_name ?? (repo?.namespace && repo.name ? `${repo.namespace}/${repo.name}` : undefined);
  return {
    kind: 'push',
    images: limited(resources.map((r) => {
      // resource_url is `harbor.example.com/library/app:1.2.0` (or `@sha256:…`): the host is only there.
      const host = hostOf(r.resource_url ?? undefined);
      const fromUrl = r.resource_url ? parsePushedReference(r.resource_url) : undefined;
      const repository = fullName ?? fromUrl?.repository;
      if (!host || !repository) throw new BadPayload('harbor: a resource has no resource_url with the registry host');
      return pushed(host, repository, r.tag ?? undefined, 'harbor');
    }), 'harbor'),
  };
}
