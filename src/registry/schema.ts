import { z } from 'zod';
import { isValidTag } from './reference.js';

/** Shapes of what registries and token servers send, validated at the boundary, leniently per item. */

const TagPage = z.object({
  name: z.string().optional(),
  // Registries answer `"tags": null` for a repository without tags; each entry is judged on its own.
  tags: z.array(z.unknown()).nullish(),
});

const TokenBody = z
  .object({
    token: z.string().min(1).optional(),
    access_token: z.string().min(1).optional(),
    // Some servers send numbers as strings; a useless value just means the default lifetime.
    expires_in: z.coerce.number().positive().finite().optional().catch(undefined),
  })
  .refine((body) => body.token !== undefined || body.access_token !== undefined, {
    message: 'neither token nor access_token is present',
  });

const ErrorBody = z.object({
  errors: z.array(
    z.object({
      code: z.string(),
      message: z.string().optional(),
    }),
  ),
});

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface TagPageValue {
  tags: string[];
  dropped: number;
}

export interface TokenValue {
  token: string;
  expiresInSeconds?: number;
}

export interface RegistryErrorDetail {
  code: string;
  message?: string;
}

/** A `tags/list` page: valid tags kept in order, everything else dropped and counted. */
export function decodeTagPage(body: Buffer): Decoded<TagPageValue> {
  const parsed = decodeJson(TagPage, body);
  if (!parsed.ok) return parsed;
  const entries = parsed.value.tags ?? [];
  const tags = entries.filter((entry): entry is string => typeof entry === 'string' && isValidTag(entry));
  return { ok: true, value: { tags, dropped: entries.length - tags.length } };
}

/** A token endpoint's answer (`token` per the Docker spec, `access_token` per OAuth2). */
export function decodeToken(body: Buffer): Decoded<TokenValue> {
  const parsed = decodeJson(TokenBody, body);
  if (!parsed.ok) return parsed;
  const { token, access_token: accessToken, expires_in: expiresIn } = parsed.value;
  return { ok: true, value: { token: (token ?? accessToken) as string, expiresInSeconds: expiresIn } };
}

/** The first entry of a Distribution error body, if the body is one. */
export function decodeErrorDetail(body: Buffer): RegistryErrorDetail | undefined {
  const parsed = decodeJson(ErrorBody, body);
  return parsed.ok ? parsed.value.errors[0] : undefined;
}

/** Parses JSON and checks a shape; the problem text names paths, never the body (it may hold a token). */
export function decodeJson<T>(schema: z.ZodType<T>, body: Buffer): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, problem: `the body is not JSON (${body.length} bytes)` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return { ok: false, problem: `unexpected JSON at ${where}: ${issue?.message ?? 'invalid'}` };
}
