import { z } from 'zod';
import { protocolError, type ErrorContext } from './errors.js';
import { getByDigest } from './manifest.js';
import { stringsOnly } from './manifest-schema.js';
import { isRunnable, normalizePlatform, type Platform } from './platform.js';
import { decodeJson, type Decoded } from './schema.js';
import type { RepoSender } from './transport.js';
import type { ImageRepo } from './types.js';

/** The parts of an image config blob (OCI image config / Docker container config) the scan reads. */
export interface ImageConfig {
  /** Build time as the image states it (RFC 3339), unparsed; absent when the builder left it out. */
  created?: string;
  /** Normalised; absent when os or architecture is missing. */
  platform?: Platform;
  /** `config.Labels`, strings only. */
  labels: Record<string, string>;
}

const OptionalString = z.string().optional().catch(undefined);

const Body = z.object({
  created: OptionalString,
  os: OptionalString,
  architecture: OptionalString,
  variant: OptionalString,
  config: z
    .object({ Labels: z.record(z.string(), z.unknown()).nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
});

export function decodeImageConfig(body: Buffer): Decoded<ImageConfig> {
  const parsed = decodeJson(Body, body);
  if (!parsed.ok) return parsed;
  const { created, os, architecture, variant, config } = parsed.value;
  const value: ImageConfig = { labels: stringsOnly(config?.Labels) };
  if (created !== undefined && created !== '') value.created = created;
  const platform = os !== undefined && architecture !== undefined ? { os, architecture, variant } : undefined;
  if (isRunnable(platform)) value.platform = normalizePlatform(platform);
  return { ok: true, value };
}

/** The config blob a digest names, decoded (the GET follows the registry's redirect to storage). */
export async function getImageConfig(send: RepoSender, repo: ImageRepo, digest: string): Promise<ImageConfig> {
  const ctx: ErrorContext = { host: repo.registry, repository: repo.repository };
  const { bytes } = await getByDigest(send, repo, `/v2/${repo.repository}/blobs/${digest}`, digest, 'application/json, */*');
  const decoded = decodeImageConfig(bytes);
  if (!decoded.ok) throw protocolError(ctx, `image config ${digest}: ${decoded.problem}`, 200);
  return decoded.value;
}
