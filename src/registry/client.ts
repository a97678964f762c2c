import { Authenticator, type AuthTarget, type CredentialSource } from './auth.js';
import { toRegistryError } from './errors.js';
import { DigestCache } from './blob-cache.js';
import { getImageConfig, type ImageConfig } from './image-config.js';
import { getManifest, headManifest } from './manifest.js';
import type { ManifestDoc } from './manifest-schema.js';
import { isValidRepository } from './reference.js';
import { listTags } from './tags.js';
import { RETRY_DEFAULTS, type RetryPolicy } from './retry.js';
import { HOST_DEFAULTS, limitsOf, type ResolvedLimits } from './settings.js';
import { Transport, type HttpRequest, type HttpResponse } from './transport.js';
import { RegistryError, type ImageRepo, type RegistryClient, type RegistryHostSettings } from './types.js';

export interface RegistryClientOptions {
  /** Settings for a registry name as users write it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  settingsFor(registry: string): RegistryHostSettings;
  /**
   * Credentials for registries whose settings carry none (docker config files, credential helpers;
   * see CredentialStore). Settings' own `credentials` win.
   */
  credentials?: CredentialSource;
  /** Deadline per HTTP request, default 15 s. Hosts' settings override this and the limits below. */
  timeoutMs?: number;
  /** Tags asked per page (`n`), default 1000 (ECR's cap). */
  pageSize?: number;
  /** Pages read at most per listing, default 50; the listing is `truncated` beyond. */
  maxPages?: number;
  /** Backoff shape; `maxRetries` is the default for hosts without their own. */
  retry?: Partial<RetryPolicy>;
  /** Clock for token lifetimes, credential expiry, rates and pauses; tests inject one with `sleep`. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, default Math.random. */
  random?: () => number;
}

/**
 * The registry adapter. Each client owns its connections, remembered schemes, challenges and tokens,
 * so many can live side by side; nothing is global.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const defaults = clientDefaults(options);
  const now = options.now ?? Date.now;
  const transport = new Transport({
    settingsFor: options.settingsFor,
    defaults,
    retry: { ...RETRY_DEFAULTS, ...options.retry },
    clock: { now, sleep: options.sleep ?? realSleep },
    random: options.random,
  });
  const auth = new Authenticator(transport, now, credentialSource(options));
  const pagingFor = (registry: string) => limitsOf(options.settingsFor(registry), defaults);
  const manifests = new DigestCache<ManifestDoc>(CACHE_ENTRIES);
  const configs = new DigestCache<ImageConfig>(CACHE_ENTRIES);

  // One request, answered challenge included: at most one retry, so a refused token is refetched once.
  const send = async (repo: ImageRepo, request: HttpRequest): Promise<HttpResponse> => {
    const target: AuthTarget = { registry: repo.registry, repository: repo.repository };
    const sent = await auth.upfront(target);
    const response = await transport.send(repo.registry, withAuth(request, sent.header));
    if (response.status !== 401) return response;
    const retry = await auth.answer(target, response, sent);
    if (retry === undefined) return response;
    const second = await transport.send(repo.registry, withAuth(request, retry.header));
    if (second.status === 401) auth.refused(retry);
    return second;
  };

  return {
    listTags: (repo) => atEdge(repo, () => listTags(send, repo, pagingFor(repo.registry))),
    headManifest: (repo, reference) => atEdge(repo, () => headManifest(send, repo, reference)),
    getManifest: (repo, digest) => manifests.get(digest, () => atEdge(repo, () => getManifest(send, repo, digest))),
    getImageConfig: (repo, digest) => configs.get(digest, () => atEdge(repo, () => getImageConfig(send, repo, digest))),
    stats: () => {
      const hosts = transport.stats();
      const requests = Object.fromEntries(Object.entries(hosts).map(([host, s]) => [host, s.requests]));
      return { requests, hosts, cache: cacheStats(manifests, configs) };
    },
    close: () => transport.close(),
  };
}

/**
 * Digest-addressed content is the same wherever it is stored and is verified on arrival, so one entry
 * serves every repository; the client (and its cache) lives as long as the daemon.
 */
const CACHE_ENTRIES = 5_000;

function cacheStats(...caches: DigestCache<unknown>[]) {
  const all = caches.map((c) => c.stats());
  return { hits: sum(all, 'hits'), misses: sum(all, 'misses'), entries: sum(all, 'entries') };
}

function sum<K extends string>(items: Record<K, number>[], key: K): number {
  return items.reduce((total, item) => total + item[key], 0);
}

/** The adapter edge: whatever happens below leaves as a RegistryError, and only as one. */
async function atEdge<T>(repo: ImageRepo, operation: () => Promise<T>): Promise<T> {
  if (repo.registry === '' || !isValidRepository(repo.repository)) {
    throw new RegistryError('not-found', repo.registry, `registry ${repo.registry}: invalid repository name ${JSON.stringify(repo.repository)}`);
  }
  try {
    return await operation();
  } catch (err) {
    throw toRegistryError({ host: repo.registry, repository: repo.repository }, err);
  }
}

function withAuth(request: HttpRequest, header: string | undefined): HttpRequest {
  return header === undefined ? request : { ...request, headers: { ...request.headers, authorization: header } };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function clientDefaults(options: RegistryClientOptions): ResolvedLimits {
  return {
    ...HOST_DEFAULTS,
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? HOST_DEFAULTS.timeoutMs),
    pageSize: positive('pageSize', options.pageSize ?? HOST_DEFAULTS.pageSize),
    maxPages: positive('maxPages', options.maxPages ?? HOST_DEFAULTS.maxPages),
    maxRetries: options.retry?.maxRetries ?? HOST_DEFAULTS.maxRetries,
  };
}

/** A host's own `credentials` first, then the shared source (docker config, helpers). */
function credentialSource(options: RegistryClientOptions): CredentialSource {
  return {
    get: async (registry) => options.settingsFor(registry).credentials ?? (await options.credentials?.get(registry)),
    invalidate: (registry) => options.credentials?.invalidate?.(registry),
  };
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
