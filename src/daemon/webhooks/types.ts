import type { PushedImage } from '../images.js';

export const SOURCE_NAMES = ['github', 'gitlab', 'harbor', 'quay', 'dockerhub', 'distribution', 'generic'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** One HTTP delivery, already read within the size limit. */
export interface Delivery {
  /** Lowercase header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  /** The path segment after `/webhooks/<source>/`, for sources that carry their secret in the URL. */
  pathSecret?: string;
}

export type Parsed = { kind: 'push'; images: PushedImage[] } | { kind: 'ignored'; reason: string };

/** A payload that is not what the source sends: answered 400, never retried into a cycle. */
export class BadPayload extends Error {
  override name = 'BadPayload';
}

export interface WebhookSource {
  readonly name: SourceName;
  /** Whether the URL carries a secret segment (Docker Hub and Quay cannot sign). */
  readonly pathSecret: boolean;
  /** Checks the credential in constant time; a reason when refused. Never throws. */
  authenticate(delivery: Delivery): { ok: true } | { ok: false; reason: string };
  /** Throws BadPayload for malformed payloads. */
  parse(delivery: Delivery): Parsed;
}

/** At most this many images per delivery: a payload is a notification, not a bulk import. */
export const MAX_IMAGES = 100;
