import { type Challenge, parseWwwAuthenticate, pickChallenge } from './challenge.js';
import { errorFromResponse, protocolError, toRegistryError, type ErrorContext } from './errors.js';
import { decodeToken } from './schema.js';
import type { Credentials } from './settings.js';
import { TokenCache, tokenKey } from './token-cache.js';
import { basicAuthorization, tokenRequest, type TokenAsk } from './token-request.js';
import type { HttpResponse, Transport } from './transport.js';
import { RegistryError } from './types.js';

export type { Credentials } from './settings.js';

/** Where credentials come from; see CredentialStore. `invalidate` drops what a registry refused. */
export interface CredentialSource {
  get(registry: string): Promise<Credentials | undefined>;
  invalidate?(registry: string): void;
}

/** Who is asking for what: the registry name and the repository. */
export interface AuthTarget {
  registry: string;
  repository: string;
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
 * Credentials are looked up only when a registry asks for them, so public registries cost no helper run.
 */
export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens: TokenCache;
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly transport: Transport,
    now: () => number,
    private readonly credentials: CredentialSource,
  ) {
    this.tokens = new TokenCache(now);
  }

  /** The Authorization to send before any challenge for this request has been seen. */
  async upfront(target: AuthTarget): Promise<SentAuth> {
    const known = this.challenges.get(target.registry);
    if (known === undefined) return {};
    if (known.scheme === 'basic') return { header: await this.basicHeader(target) };
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
      const header = await this.basicHeader(target);
      if (header !== undefined && header === sent.header) this.credentials.invalidate?.(target.registry);
      return header === undefined || header === sent.header ? undefined : { header };
    }
    const realm = challenge.params.realm;
    if (realm === undefined) throw protocolError(ctxOf(target), 'Bearer challenge without a realm');
    const ask = { realm, service: challenge.params.service, scope: challenge.params.scope ?? pullScope(target.repository) };
    const key = tokenKey(ask.realm, ask.service, ask.scope);
    this.refused(sent);
    const token = this.tokens.get(key) ?? (await this.fetchOnce(key, target, ask));
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

  private async basicHeader(target: AuthTarget): Promise<string | undefined> {
    const credentials = await this.lookup(target);
    return credentials === undefined ? undefined : basicAuthorization(credentials);
  }

  private async lookup(target: AuthTarget): Promise<Credentials | undefined> {
    try {
      return await this.credentials.get(target.registry);
    } catch (err) {
      // A helper or docker config that fails is this registry's problem, reported like its other
      // failures. Their messages name the helper or file and never a secret.
      const reason = err instanceof Error ? err.message : String(err);
      throw new RegistryError('unauthorized', target.registry, `registry ${target.registry}, repository ${target.repository}: ${reason}`);
    }
  }

  // Concurrent requests that meet the same challenge share one token request.
  private fetchOnce(key: string, target: AuthTarget, ask: TokenAsk): Promise<string> {
    let pending = this.inflight.get(key);
    if (pending === undefined) {
      pending = this.fetchToken(key, target, ask).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async fetchToken(key: string, target: AuthTarget, ask: TokenAsk): Promise<string> {
    const credentials = await this.lookup(target);
    const { url, request } = tokenRequest(ctxOf(target), ask, credentials);
    // Failures name the token server, not the registry: that is where the user has to look.
    const ctx = { host: new URL(url).host, repository: target.repository };
    const response = await this.transport.fetchUrl(url, request).catch((err: unknown) => {
      throw toRegistryError(ctx, err);
    });
    if (response.status === 401 || response.status === 403) this.credentials.invalidate?.(target.registry);
    if (response.status !== 200) throw errorFromResponse(ctx, response.status, response.headers, response.body);
    const decoded = decodeToken(response.body);
    if (!decoded.ok) throw protocolError(ctx, `token response: ${decoded.problem}`, response.status);
    this.tokens.set(key, decoded.value.token, decoded.value.expiresInSeconds);
    return decoded.value.token;
  }
}

function ctxOf(target: AuthTarget): ErrorContext {
  return { host: target.registry, repository: target.repository };
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
