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
}

/** The adapter as built by `createRegistryClient`: the port plus bookkeeping for reports and shutdown. */
export interface RegistryClient extends Registry {
  stats(): RegistryStats;
  /** Drops pooled keep-alive connections; the client still works afterwards (new ones are opened). */
  close(): void;
}

export interface RegistryHostSettings {
  /** Plain HTTP only. Loopback hosts try HTTPS first and fall back to HTTP without this. */
  insecure?: boolean;
  credentials?: { username: string; password: string };
}
