import { type Challenge, parseWwwAuthenticate, pickChallenge } from './challenge.js';
import { errorFromResponse, protocolError, toRegistryError } from './errors.js';
import { decodeToken } from './schema.js';
import { TokenCache, tokenKey } from './token-cache.js';
import type { HttpResponse, Transport } from './transport.js';

export interface Credentials {
  username: string;
  password: string;
}

/** Who is asking for what: the registry name, the repository and the user's credentials if any. */
export interface AuthTarget {
  registry: string;
  repository: string;
  credentials?: Credentials;
}

/** The Authorization a request went out with, so a 401 can tell which token was refused. */
export interface SentAuth {
  header?: string;
  tokenKey?: string;
}

/**
 * Answers registry challenges: Basic with the user's credentials, Bearer by fetching a token from the
 * challenge's realm (with the credentials when there are any) and caching it. Remembers each
 * registry's last challenge so later requests carry a cached token up front instead of a 401 round trip.
 */
export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens: TokenCache;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly transport: Transport,
    now: () => number,
  ) {
    this.tokens = new TokenCache(now);
  }

  /** The Authorization to send before any challenge for this request has been seen. */
  upfront(target: AuthTarget): SentAuth {
    const known = this.challenges.get(target.registry);
    if (known === undefined) return {};
    if (known.scheme === 'basic') return target.credentials ? { header: basic(target.credentials) } : {};
    const key = tokenKey(known.params.realm ?? '', known.params.service, pullScope(target.repository));
    const token = this.tokens.get(key);
    return token === undefined ? {} : { header: `Bearer ${token}`, tokenKey: key };
  }

  /**
   * Decides how to retry after a 401, or returns undefined when retrying cannot help. A cached token
   * that was refused is dropped and a fresh one fetched, once: the caller retries a single time.
   */
  async answer(target: AuthTarget, response: HttpResponse, sent: SentAuth): Promise<SentAuth | undefined> {
    const challenge = pickChallenge(parseWwwAuthenticate(response.headers['www-authenticate'] ?? ''));
    if (challenge === undefined) return undefined;
    this.challenges.set(target.registry, challenge);
    if (challenge.scheme === 'basic') {
      const header = target.credentials ? basic(target.credentials) : undefined;
      return header === undefined || header === sent.header ? undefined : { header };
    }
    const realm = challenge.params.realm;
    if (realm === undefined) {
      throw protocolError({ host: target.registry, repository: target.repository }, 'Bearer challenge without a realm');
    }
    const scope = challenge.params.scope ?? pullScope(target.repository);
    const key = tokenKey(realm, challenge.params.service, scope);
    this.refused(sent);
    const token = this.tokens.get(key) ?? (await this.fetchOnce(key, target, realm, challenge.params.service, scope));
    return { header: `Bearer ${token}`, tokenKey: key };
  }

  /**
   * Forgets a token the registry refused, unless a concurrent request has already replaced it (then
   * the newer token deserves its own chance).
   */
  refused(sent: SentAuth): void {
    if (sent.tokenKey === undefined) return;
    const cached = this.tokens.get(sent.tokenKey);
    if (cached !== undefined && `Bearer ${cached}` === sent.header) this.tokens.delete(sent.tokenKey);
  }

  // Concurrent requests that meet the same challenge share one token request.
  private fetchOnce(key: string, target: AuthTarget, realm: string, service: string | undefined, scope: string): Promise<string> {
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      pending = this.fetchToken(target, realm, service, scope).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async fetchToken(target: AuthTarget, realm: string, service: string | undefined, scope: string): Promise<string> {
    const url = tokenUrl(target, realm, service, scope);
    const ctx = { host: url.host, repository: target.repository };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (target.credentials) headers.authorization = basic(target.credentials);
    // Failures name the token server, not the registry: that is where the user has to look.
    const response = await this.transport.fetchUrl(url.href, { method: 'GET', headers }).catch((err: unknown) => {
      throw toRegistryError(ctx, err);
    });
    if (response.status !== 200) throw errorFromResponse(ctx, response.status, response.headers, response.body);
    const decoded = decodeToken(response.body);
    if (!decoded.ok) throw protocolError(ctx, `token response: ${decoded.problem}`, response.status);
    this.tokens.set(tokenKey(realm, service, scope), decoded.value.token, decoded.value.expiresInSeconds);
    return decoded.value.token;
  }
}

function tokenUrl(target: AuthTarget, realm: string, service: string | undefined, scope: string): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw protocolError({ host: target.registry, repository: target.repository }, 'the token realm is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw protocolError({ host: target.registry, repository: target.repository }, `unsupported token realm scheme ${url.protocol}`);
  }
  if (service !== undefined) url.searchParams.set('service', service);
  // Several scopes arrive space-separated in one challenge; token servers expect one parameter each.
  for (const one of scope.split(' ').filter((s) => s !== '')) url.searchParams.append('scope', one);
  return url;
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
