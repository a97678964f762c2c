import { Authenticator, type AuthTarget } from './auth.js';
import { toRegistryError } from './errors.js';
import { headManifest } from './manifest.js';
import { isValidRepository } from './reference.js';
import { listTags } from './tags.js';
import { Transport, type HttpRequest, type HttpResponse } from './transport.js';
import { RegistryError, type ImageRepo, type RegistryClient, type RegistryHostSettings } from './types.js';

export interface RegistryClientOptions {
  /** Settings for a registry name as users write it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  settingsFor(registry: string): RegistryHostSettings;
  /** Deadline per HTTP request, default 15 s. */
  timeoutMs?: number;
  /** Tags asked per page (`n`), default 1000 (ECR's cap). */
  pageSize?: number;
  /** Pages read at most per listing, default 50; the listing is `truncated` beyond. */
  maxPages?: number;
  /** Clock for token lifetimes; tests inject one. */
  now?: () => number;
}

const DEFAULTS = { timeoutMs: 15_000, pageSize: 1000, maxPages: 50 };

/**
 * The registry adapter. Each client owns its connections, remembered schemes, challenges and tokens,
 * so many can live side by side; nothing is global.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs);
  const limits = {
    pageSize: positive('pageSize', options.pageSize ?? DEFAULTS.pageSize),
    maxPages: positive('maxPages', options.maxPages ?? DEFAULTS.maxPages),
  };
  const transport = new Transport({ timeoutMs, insecure: (registry) => options.settingsFor(registry).insecure === true });
  const auth = new Authenticator(transport, options.now ?? Date.now);

  // One request, answered challenge included: at most one retry, so a refused token is refetched once.
  const send = async (repo: ImageRepo, request: HttpRequest): Promise<HttpResponse> => {
    const target: AuthTarget = { ...repo, credentials: options.settingsFor(repo.registry).credentials };
    const sent = auth.upfront(target);
    const response = await transport.send(repo.registry, withAuth(request, sent.header));
    if (response.status !== 401) return response;
    const retry = await auth.answer(target, response, sent);
    if (retry === undefined) return response;
    const second = await transport.send(repo.registry, withAuth(request, retry.header));
    if (second.status === 401) auth.refused(retry);
    return second;
  };

  return {
    listTags: (repo) => atEdge(repo, () => listTags(send, repo, limits)),
    headManifest: (repo, reference) => atEdge(repo, () => headManifest(send, repo, reference)),
    stats: () => ({ requests: transport.stats() }),
    close: () => transport.close(),
  };
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
