import { NetworkFailure, parseRetryAfter } from './errors.js';
import { HostGate, type Clock } from './host-gate.js';
import { HttpCaller } from './http-call.js';
import { parseRateLimit, type HostStats } from './host-stats.js';
import { isLoopback } from './loopback.js';
import { apiBase } from './reference.js';
import { decideRetry, isSlowFailure, type Outcome, type RetryPolicy } from './retry.js';
import { limitsOf, type RegistryHostSettings, type ResolvedLimits } from './settings.js';

export { isLoopback } from './loopback.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  /** Path and query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  /** A request body (token requests post forms). */
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The absolute URL that was asked, for resolving relative links. */
  url: string;
}

export interface TransportOptions {
  /** Settings by registry name (`docker.io`) or, for token realms, by network host. */
  settingsFor(name: string): RegistryHostSettings;
  defaults: ResolvedLimits;
  retry: Omit<RetryPolicy, 'maxRetries'>;
  clock: Clock;
  random?: () => number;
}

type Scheme = 'https' | 'http';

/**
 * HTTP for the registry adapter. Each network host gets its own gate (concurrency, rate, pauses, a
 * breaker) and pooled agents (TLS settings, proxy); every attempt has a deadline; 429, 5xx, resets and
 * timeouts are retried a bounded number of times. No statuses are thrown (callers judge them) and no
 * library errors escape (they carry the request headers). Remembers per registry which scheme answered.
 */
export class Transport {
  private readonly schemes = new Map<string, Scheme>();
  private readonly gates = new Map<string, HostGate>();
  private readonly http = new HttpCaller();

  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends a request to a registry's API host. Plain HTTP when the registry is marked insecure; for
   * loopback hosts HTTPS first, then HTTP when HTTPS gets no answer at all (a plain-HTTP port fails the
   * TLS handshake at once); HTTPS only for everyone else, and for hosts with TLS settings (a CA, a
   * client certificate): whoever configured those means HTTPS, and a TLS failure is the answer.
   */
  async send(registry: string, request: HttpRequest): Promise<HttpResponse> {
    const host = apiBase(registry);
    const settings = this.options.settingsFor(registry);
    const known = this.schemes.get(registry) ?? (settings.insecure === true ? 'http' : undefined);
    if (known !== undefined) return this.exchange(new URL(`${known}://${host}${request.path}`), request, settings);
    if (!isLoopback(host) || hasTlsSettings(settings)) {
      this.schemes.set(registry, 'https');
      return this.exchange(new URL(`https://${host}${request.path}`), request, settings);
    }
    try {
      const response = await this.exchange(new URL(`https://${host}${request.path}`), request, settings, { probe: true });
      this.schemes.set(registry, 'https');
      return response;
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
    }
    const response = await this.exchange(new URL(`http://${host}${request.path}`), request, settings);
    this.schemes.set(registry, 'http');
    return response;
  }

  /** Sends a request to an absolute URL (token realms); throws NetworkFailure or HostUnavailable. */
  fetchUrl(url: string, request: Omit<HttpRequest, 'path'>): Promise<HttpResponse> {
    const target = new URL(url);
    return this.exchange(target, { ...request, path: '' }, this.options.settingsFor(target.host));
  }

  /** Counters per network host: attempts, retries, throttling, Docker Hub's quota headers. */
  stats(): Record<string, HostStats> {
    return Object.fromEntries([...this.gates].map(([host, gate]) => [host, { ...gate.stats }]));
  }

  close(): void {
    this.http.close();
  }

  /**
   * One request with its retries. A probe (the HTTPS try of a loopback host) gets one attempt and
   * never opens the breaker: failing is how it finds out the host speaks plain HTTP.
   */
  private async exchange(url: URL, request: HttpRequest, settings: RegistryHostSettings, opts: { probe?: boolean } = {}): Promise<HttpResponse> {
    const limits = limitsOf(settings, this.options.defaults);
    const gate = this.gateFor(url.host, limits);
    const policy: RetryPolicy = { ...this.options.retry, maxRetries: opts.probe ? 0 : limits.maxRetries };
    for (let attempt = 0; ; attempt++) {
      const release = await gate.enter(policy.maxRetryAfterMs);
      if (attempt > 0) gate.stats.retries += 1;
      gate.stats.requests += 1;
      let outcome: Outcome;
      try {
        outcome = await this.http.call(url, request, settings, limits.timeoutMs);
      } finally {
        release();
      }
      if (outcome instanceof NetworkFailure) gate.stats.networkFailures += 1;
      const decision = decideRetry(outcome, attempt, policy, this.options.random);
      const paused = this.observe(gate, outcome, decision.retry ? decision.delayMs : undefined);
      if (decision.retry) {
        // A wait the registry asked for (or a 429 without one) holds the whole host; the gate sleeps it.
        if (!paused) await this.options.clock.sleep(decision.delayMs);
        continue;
      }
      if (!(outcome instanceof NetworkFailure)) return outcome;
      if (!opts.probe && isSlowFailure(outcome)) gate.trip(outcome.timedOut ? 'request timed out' : `connection failed (${outcome.code})`);
      throw outcome;
    }
  }

  /**
   * Records what an answer says about the host: reachable, throttled, how much quota is left. Returns
   * whether the host is now paused (429, or 503 with `Retry-After`).
   */
  private observe(gate: HostGate, outcome: Outcome, retryInMs: number | undefined): boolean {
    if (outcome instanceof NetworkFailure) return false;
    gate.answered();
    const quota = parseRateLimit(outcome.headers);
    if (quota !== undefined) gate.stats.rateLimit = quota;
    if (outcome.status === 429) gate.stats.throttled += 1;
    const retryAfter = outcome.headers['retry-after'];
    if (outcome.status !== 429 && !(outcome.status === 503 && retryAfter !== undefined)) return false;
    const waitMs = retryInMs ?? parseRetryAfter(retryAfter);
    if (waitMs === undefined) return false;
    gate.pause(this.options.clock.now() + waitMs);
    return true;
  }

  private gateFor(host: string, limits: ResolvedLimits): HostGate {
    let gate = this.gates.get(host);
    if (gate === undefined) {
      gate = new HostGate(limits, this.options.clock);
      this.gates.set(host, gate);
    }
    return gate;
  }
}

function hasTlsSettings(settings: RegistryHostSettings): boolean {
  return settings.ca !== undefined || settings.cert !== undefined || settings.insecureSkipVerify === true;
}

/** Sends a request about one repository, authenticating as needed: what the operations build on. */
export type RepoSender = (repo: { registry: string; repository: string }, request: HttpRequest) => Promise<HttpResponse>;
