import { z } from 'zod';
import { isRunnable, normalizePlatform, type Platform } from './platform.js';
import { decodeJson, type Decoded } from './schema.js';

/** A child of an image index: one platform's manifest (or an attestation, `unknown/unknown`). */
export interface IndexEntry {
  digest: string;
  mediaType: string;
  /** Normalised; absent when the entry declares none or is not a runnable image. */
  platform?: Platform;
}

/** A manifest as the scan needs it: what it points at, and the annotations it carries. */
export type ManifestDoc =
  | { kind: 'index'; digest: string; mediaType: string; manifests: IndexEntry[]; annotations: Record<string, string> }
  | { kind: 'image'; digest: string; mediaType: string; config: { digest: string; mediaType: string }; annotations: Record<string, string> };

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

const DigestString = z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/);

// Lenient where registries differ (missing media types, extra fields); strict where we rely on it.
const Annotations = z.record(z.string(), z.unknown()).optional().catch(undefined);

const PlatformShape = z
  .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
  .optional()
  .catch(undefined);

const Entry = z.object({ mediaType: z.string().optional(), digest: DigestString, platform: PlatformShape });

const Body = z.object({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  manifests: z.array(Entry).optional(),
  config: z.object({ mediaType: z.string().optional(), digest: DigestString }).optional(),
  annotations: Annotations,
});

/**
 * Decodes a manifest body fetched by `digest`. `headerType` is the response's Content-Type (without
 * parameters), which wins over the body's `mediaType` field as the Distribution spec says.
 */
export function decodeManifest(body: Buffer, digest: string, headerType: string | undefined): Decoded<ManifestDoc> {
  const parsed = decodeJson(Body, body);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const mediaType = headerType ?? value.mediaType ?? '';
  const annotations = stringsOnly(value.annotations);
  if (INDEX_TYPES.has(mediaType) || (value.manifests !== undefined && value.config === undefined)) {
    const manifests = (value.manifests ?? []).map((m) => entry(m));
    return { ok: true, value: { kind: 'index', digest, mediaType, manifests, annotations } };
  }
  if (value.config !== undefined) {
    const config = { digest: value.config.digest, mediaType: value.config.mediaType ?? '' };
    return { ok: true, value: { kind: 'image', digest, mediaType, config, annotations } };
  }
  return { ok: false, problem: `manifest of type ${JSON.stringify(mediaType)} has neither manifests nor config (Docker schema 1 is not supported)` };
}

function entry(m: z.output<typeof Entry>): IndexEntry {
  const base = { digest: m.digest, mediaType: m.mediaType ?? '' };
  return isRunnable(m.platform) ? { ...base, platform: normalizePlatform(m.platform) } : base;
}

/** Annotation and label maps hold strings; anything else a registry or builder put there is dropped. */
export function stringsOnly(map: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
}
