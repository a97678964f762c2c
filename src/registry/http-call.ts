import axios, { AxiosHeaders, type AxiosResponse } from 'axios';
import { AgentPool, type TlsSettings } from './agents.js';
import { NetworkFailure } from './errors.js';
import type { Outcome } from './retry.js';
import { MAX_REDIRECTS, redirectedRequest, redirectTarget, tlsFor } from './redirect.js';
import type { HttpRequest } from './transport.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * One HTTP exchange over pooled agents, with one deadline for it all, redirects included. Never
 * throws: the answer, whatever its status, or a NetworkFailure that carries a code and nothing of the
 * request (axios's own errors hold its config, Authorization header included). Redirects are followed
 * here rather than by axios, which would carry the Authorization header to any subdomain and send the
 * registry's client certificate wherever the registry points.
 */
export class HttpCaller {
  private readonly agents = new AgentPool();
  private readonly http = axios.create({
    responseType: 'arraybuffer',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: MAX_BODY_BYTES,
    proxy: false, // the agents tunnel through proxies; see AgentPool
  });

  async call(url: URL, request: HttpRequest, tls: TlsSettings, timeoutMs: number): Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    let target = url;
    let hop = request;
    for (let redirects = 0; ; redirects++) {
      const outcome = await this.exchange(target, hop, tlsFor(url, target, tls), Math.max(1, deadline - Date.now()), signal);
      if (outcome instanceof NetworkFailure) return outcome;
      const next = redirectTarget(outcome.status, outcome.headers.location, target);
      if (next === undefined || redirects >= MAX_REDIRECTS) return outcome;
      hop = redirectedRequest(hop, outcome.status, url, next);
      target = next;
    }
  }

  close(): void {
    this.agents.destroy();
  }

  private async exchange(url: URL, request: HttpRequest, tls: TlsSettings, timeoutMs: number, signal: AbortSignal): Promise<Outcome> {
    const agent = this.agents.agentFor(url, tls);
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request({
        method: request.method,
        url: url.href,
        headers: request.headers ?? {},
        data: request.body,
        timeout: timeoutMs,
        signal,
        ...(url.protocol === 'https:' ? { httpsAgent: agent } : { httpAgent: agent }),
      });
    } catch (err) {
      return toFailure(err);
    }
    return { status: response.status, headers: plainHeaders(response.headers), body: asBuffer(response.data), url: url.href };
  }
}

function toFailure(err: unknown): NetworkFailure {
  if (axios.isCancel(err)) return new NetworkFailure('ETIMEDOUT', true);
  const raw = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' ? raw : 'UNKNOWN';
  // axios reports a body cut off mid-way as a bad response; it is a broken exchange, worth retrying.
  if (code === 'ERR_BAD_RESPONSE' && err instanceof Error && /aborted/i.test(err.message)) return new NetworkFailure('ETRUNCATED', false);
  return new NetworkFailure(code, code === 'ECONNABORTED' || code === 'ETIMEDOUT');
}

function plainHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const raw: Record<string, unknown> = headers instanceof AxiosHeaders ? headers.toJSON(true) : { ...headers };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(typeof data === 'string' ? data : '');
}
