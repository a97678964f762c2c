import { z } from 'zod';
import { anyOf, checkHeader } from '../auth.js';
import { pushed, readJson } from '../payload.js';
import type { Delivery, Parsed, WebhookSource } from '../types.js';

const pipelineSchema = z.looseObject({
  object_kind: z.literal('pipeline'),
  object_attributes: z.looseObject({ status: z.string(), tag: z.boolean().optional(), ref: z.string().optional() }),
  project: z.looseObject({ path_with_namespace: z.string().min(1) }),
});

/**
 * GitLab has no registry push event (gitlab-org/gitlab#15385). A successful pipeline is the moment its
 * images exist, so a Pipeline Hook rescans the project's images: `<registry>/<project path>` and every
 * repository below it. Authenticated by X-Gitlab-Token. (Self-managed GitLab can also send its
 * registry's distribution notifications: use the `distribution` source for those.)
 */
export function gitlabSource(token: string | undefined, registry: string): WebhookSource {
  return {
    name: 'gitlab',
    pathSecret: false,
    authenticate: (d) => anyOf(d, [token === undefined ? undefined : (x) => checkHeader(x, 'x-gitlab-token', token)]),
    parse: (d) => parse(d, registry),
  };
}

function parse(d: Delivery, registry: string): Parsed {
  const event = d.headers['x-gitlab-event'];
  if (event !== 'Pipeline Hook') return { kind: 'ignored', reason: `event ${JSON.stringify(event ?? '')} is not a Pipeline Hook` };
  const body = readJson(d.body, pipelineSchema, 'gitlab');
  if (body.object_attributes.status !== 'success') return { kind: 'ignored', reason: `pipeline ${body.object_attributes.status}` };
  const image = pushed(registry, body.project.path_with_namespace, undefined, 'gitlab');
  return { kind: 'push', images: [{ ...image, prefix: true }] };
}
