import axios, { AxiosHeaders, type AxiosResponse } from 'axios';
import { AgentPool, type TlsSettings } from './agents.js';
import { NetworkFailure } from './errors.js';
import type { Outcome } from './retry.js';
import type { HttpRequest } from './transport.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * One HTTP exchange over pooled agents, with a deadline. Never throws: the answer, whatever its
 * status, or a NetworkFailure that carries a code and nothing of the request (axios's own errors hold
 * its config, Authorization header included).
 */
export class HttpCaller {
  private readonly agents = new AgentPool();
  private readonly http = axios.create({
    responseType: 'arraybuffer',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    maxRedirects: 5,
    maxContentLength: MAX_BODY_BYTES,
    proxy: false, // the agents tunnel through proxies; see AgentPool
  });

  async call(url: URL, request: HttpRequest, tls: TlsSettings, timeoutMs: number): Promise<Outcome> {
    const agent = this.agents.agentFor(url, tls);
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request({
        method: request.method,
        url: url.href,
        headers: request.headers ?? {},
        data: request.body,
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        ...(url.protocol === 'https:' ? { httpsAgent: agent } : { httpAgent: agent }),
      });
    } catch (err) {
      return toFailure(err);
    }
    return { status: response.status, headers: plainHeaders(response.headers), body: asBuffer(response.data), url: url.href };
  }

  close(): void {
    this.agents.destroy();
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
