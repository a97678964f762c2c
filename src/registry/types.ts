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
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface RegistryHostSettings {
  /** Plain HTTP only. Loopback hosts try HTTPS first and fall back to HTTP without this. */
  insecure?: boolean;
  credentials?: { username: string; password: string };
}
