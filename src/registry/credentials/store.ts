import type { Credentials } from '../settings.js';
import type { DockerConfigFiles } from './config-files.js';
import { authFor, credHelperFor, helperServerUrl, type DockerConfig } from './docker-config.js';
import { expiresAt } from './expiry.js';
import { runCredentialHelper, type HelperRunner } from './helper.js';

/** What the imagebump config says about one registry's credentials. */
export interface ExplicitCredentials {
  credentials?: Credentials;
  /** `docker-credential-<name>` to ask instead of the docker config. */
  helper?: string;
}

export interface CredentialStoreOptions {
  explicit(registry: string): ExplicitCredentials;
  dockerConfig?: DockerConfigFiles;
  now?: () => number;
  runHelper?: HelperRunner;
  /** Called with every credential resolved, before it is used (secret registration for redaction). */
  onResolved?(credentials: Credentials): void;
}

/** How long helper answers that do not say when they expire are reused (GCR access tokens live 1 h). */
export const HELPER_TTL_MS = 5 * 60_000;
/** Helper credentials are dropped this long before they expire, or at half their remaining life. */
const EXPIRY_MARGIN_MS = 60_000;

interface Entry {
  value: Credentials | undefined;
  until: number;
}

/**
 * Finds the credentials for a registry. Precedence: the imagebump config's `credentials`, then its
 * `credentialHelper`, then the docker config files (`credHelpers` for the host, then `credsStore`,
 * then `auths`, as Docker reads them). Helper answers are cached until shortly before they expire and
 * fetched single-flight: however many requests wait, a helper runs once.
 */
export class CredentialStore {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Credentials | undefined>>();
  private readonly now: () => number;
  private readonly runHelper: HelperRunner;

  constructor(private readonly options: CredentialStoreOptions) {
    this.now = options.now ?? Date.now;
    this.runHelper = options.runHelper ?? runCredentialHelper;
  }

  async get(registry: string): Promise<Credentials | undefined> {
    const explicit = this.options.explicit(registry);
    if (explicit.credentials !== undefined) return explicit.credentials;
    if (explicit.helper !== undefined) return this.fromHelper(explicit.helper, registry);
    const configs = (await this.options.dockerConfig?.load()) ?? [];
    const helper = firstOf(configs, (c) => credHelperFor(c, registry)) ?? firstOf(configs, (c) => c.credsStore);
    const fromHelper = helper === undefined ? undefined : await this.fromHelper(helper, registry);
    return fromHelper ?? this.resolved(firstOf(configs, (c) => authFor(c, registry)));
  }

  /** Forgets cached helper answers for a registry (they were refused): the next request asks again. */
  invalidate(registry: string): void {
    for (const key of this.cache.keys()) if (key.endsWith(`\0${helperServerUrl(registry)}`)) this.cache.delete(key);
  }

  private fromHelper(helper: string, registry: string): Promise<Credentials | undefined> {
    const server = helperServerUrl(registry);
    const key = `${helper}\0${server}`;
    const cached = this.cache.get(key);
    if (cached !== undefined && this.now() < cached.until) return Promise.resolve(cached.value);
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      pending = this.runHelper(helper, server)
        .then((value) => {
          this.cache.set(key, { value: this.resolved(value), until: this.lifetimeEnd(value) });
          return value;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private lifetimeEnd(value: Credentials | undefined): number {
    const now = this.now();
    const expiry = value === undefined ? undefined : expiresAt(value);
    if (expiry === undefined) return now + HELPER_TTL_MS;
    return expiry - Math.min(EXPIRY_MARGIN_MS, Math.max(0, (expiry - now) / 2));
  }

  private resolved(value: Credentials | undefined): Credentials | undefined {
    if (value !== undefined) this.options.onResolved?.(value);
    return value;
  }
}

function firstOf<T>(configs: readonly DockerConfig[], pick: (c: DockerConfig) => T | undefined): T | undefined {
  for (const config of configs) {
    const value = pick(config);
    if (value !== undefined) return value;
  }
  return undefined;
}
