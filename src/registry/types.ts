import type { CacheStats } from './blob-cache.js';
import type { HostStats } from './host-stats.js';
import type { ImageConfig } from './image-config.js';
import type { ManifestDoc } from './manifest-schema.js';

/** A repository on a registry. `registry` is the host[:port] users write (`docker.io` for Docker Hub). */
export interface ImageRepo {
  registry: string;
  repository: string;
}

export interface TagList {
  tags: string[];
  pages: number;
  /** True when the page limit stopped the listing before the registry's last page. */
  truncated: boolean;
  /** Entries the registry listed that are not valid tags (non-strings, bad grammar): dropped, counted. */
  dropped?: number;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
}

/** The registry port: what the cycle needs from a registry. */
export interface Registry {
  listTags(repo: ImageRepo): Promise<TagList>;
  headManifest(repo: ImageRepo, reference: string): Promise<ManifestHead>;
  /**
   * The manifest or index a digest names, decoded; cached by the client (digests are immutable).
   * Optional in the port so that fakes for tag-only policies need not implement it.
   */
  getManifest?(repo: ImageRepo, digest: string): Promise<ManifestDoc>;
  /** The image config blob a digest names, decoded; cached like manifests. */
  getImageConfig?(repo: ImageRepo, digest: string): Promise<ImageConfig>;
}

export type RegistryErrorKind = 'unauthorized' | 'not-found' | 'rate-limited' | 'transient' | 'protocol';

/** Every failure that leaves the registry adapter is one of these; messages never carry credentials. */
export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    readonly host: string,
    message: string,
    readonly status?: number,
    /** From `Retry-After` on 429/503, so a scheduler can back off as long as the registry asks. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Requests sent, by the network host they went to (API hosts and token realms alike). */
export interface RegistryStats {
  requests: Record<string, number>;
  /** Per network host: retries, 429s, short-circuited requests, Docker Hub's `RateLimit-*` quota. */
  hosts?: Record<string, HostStats>;
  /** The client's cache of manifests and configs fetched by digest. */
  cache?: CacheStats;
}

/** The adapter as built by `createRegistryClient`: the port plus bookkeeping for reports and shutdown. */
export interface RegistryClient extends Registry {
  getManifest(repo: ImageRepo, digest: string): Promise<ManifestDoc>;
  getImageConfig(repo: ImageRepo, digest: string): Promise<ImageConfig>;
  stats(): RegistryStats;
  /** Drops pooled keep-alive connections; the client still works afterwards (new ones are opened). */
  close(): void;
}

export type { RegistryHostSettings } from './settings.js';
