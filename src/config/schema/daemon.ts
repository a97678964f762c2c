import { z } from 'zod';
import { secretSourceSchema } from './secret.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;

/** Go-style durations, as Flux writes them: `500ms`, `30s`, `5m`, `1h30m`. Undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(total);
}

/** A duration in the config file; milliseconds once parsed. */
export const durationSchema = z
  .string()
  .regex(DURATION, 'must be a duration such as 500ms, 30s, 5m or 1h30m')
  .transform((text) => parseDuration(text)!);

const allowUnauthenticated = z
  .boolean()
  .optional()
  .describe('Accept deliveries that carry no credential at all. Anyone who can reach the port can then trigger scans.');

type SourceShape = { allowUnauthenticated?: boolean } & Record<string, unknown>;

/** A webhook source is refused unless it authenticates deliveries or says explicitly that it does not. */
function authenticated<T extends z.ZodType<SourceShape>>(schema: T, fields: string[]): T {
  return schema.refine((s) => s.allowUnauthenticated === true || fields.some((f) => s[f] !== undefined), {
    message: `set ${fields.join(' or ')}, or allowUnauthenticated: true`,
  }) as unknown as T;
}

const secret = (what: string) => secretSourceSchema.optional().describe(what);

/** Each registry authenticates the way it can: a signature, a token header, or a secret in the URL. */
export const webhooksSchema = z.strictObject({
  debounce: durationSchema.prefault('500ms').describe('Quiet time that closes a burst of pushes into one cycle'),
  maxDelay: durationSchema.prefault('5s').describe('A burst that keeps going still starts its cycle this long after its first push'),
  github: authenticated(z.strictObject({
    secret: secret('Webhook secret: deliveries must carry a valid X-Hub-Signature-256'),
    allowUnauthenticated,
  }), ['secret']).optional().describe('GitHub Packages (ghcr.io): registry_package and package events'),
  gitlab: authenticated(z.strictObject({
    token: secret('Secret token: deliveries must carry it in X-Gitlab-Token'),
    registry: z.string().min(1).default('registry.gitlab.com').describe('Registry host of the project images'),
    allowUnauthenticated,
  }), ['token']).optional().describe('GitLab pipeline events: a successful pipeline rescans the project images'),
  harbor: authenticated(z.strictObject({
    token: secret('Auth header: deliveries must carry exactly this Authorization header value'),
    allowUnauthenticated,
  }), ['token']).optional().describe('Harbor PUSH_ARTIFACT events'),
  quay: authenticated(z.strictObject({
    pathSecret: secret('Secret path segment: point Quay at /webhooks/quay/<secret>'),
    allowUnauthenticated,
  }), ['pathSecret']).optional().describe('Quay repository push notifications'),
  dockerhub: authenticated(z.strictObject({
    pathSecret: secret('Secret path segment: point Docker Hub at /webhooks/dockerhub/<secret>'),
    allowUnauthenticated,
  }), ['pathSecret']).optional().describe('Docker Hub repository webhooks'),
  distribution: authenticated(z.strictObject({
    token: secret('Bearer token: deliveries must carry Authorization: Bearer <token>'),
    allowUnauthenticated,
  }), ['token']).optional().describe('CNCF distribution (registry:2, GitLab self-managed, Zot) notification envelopes'),
  generic: authenticated(z.strictObject({
    token: secret('Bearer token: Authorization: Bearer <token>'),
    secret: secret('HMAC key: X-Imagebump-Signature-256: sha256=<hex of HMAC-SHA256(body)>'),
    allowUnauthenticated,
  }), ['token', 'secret']).optional().describe('{"images": ["host/repo[:tag]", …]} from CI or anything else'),
});

const LISTEN = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/;

/** `server:`: the HTTP endpoint for probes, metrics and webhooks (only `imagebump run` serves it). */
export const serverSchema = z.strictObject({
  listen: z.string().regex(LISTEN, 'must be host:port or :port, e.g. ":8080"').describe('Address to serve /healthz, /readyz, /metrics and /webhooks on'),
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024).describe('Larger webhook bodies are refused with 413'),
  webhooks: webhooksSchema.optional(),
});

/** `daemon:`: how `imagebump run` paces and bounds its cycles. */
export const daemonSchema = z
  .strictObject({
    deadline: durationSchema.prefault('10m').describe('A cycle still running after this long is abandoned before it publishes'),
    jitter: durationSchema.prefault('0s').describe('Scheduled cycles start after a random delay up to this long'),
    maxCycleAge: durationSchema.optional().describe('/readyz fails when no cycle completed for this long; default two schedule periods plus the deadline'),
    intervals: z
      .array(z.strictObject({
        policies: z.string().min(1).describe('Glob over NAMESPACE:NAME, e.g. "apps:*"'),
        interval: durationSchema.describe('Scan these policies this often, on their own clock instead of the schedule'),
      }))
      .default([]),
  })
  .prefault({});

export type ServerConfig = z.output<typeof serverSchema>;
export type WebhooksConfig = z.output<typeof webhooksSchema>;
export type DaemonConfig = z.output<typeof daemonSchema>;
