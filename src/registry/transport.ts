import http from 'node:http';
import https from 'node:https';
import axios, { AxiosHeaders, type AxiosInstance, type AxiosResponse } from 'axios';
import { NetworkFailure } from './errors.js';
import { apiBase } from './reference.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  /** Path and query, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
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
  timeoutMs: number;
  /** Whether the user marked a registry as plain-HTTP only. */
  insecure(registry: string): boolean;
}

type Scheme = 'https' | 'http';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Loopback hosts: 127.0.0.0/8, localhost and [::1], with or without a port. */
export function isLoopback(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname; // normalises 127.1, [0::1] and the like
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * HTTP for the registry adapter: one axios instance per network host, keep-alive pools, a deadline per
 * request, no thrown statuses (callers judge them) and no library errors escaping (they carry the
 * request headers). Remembers per registry which scheme answered.
 */
export class Transport {
  private readonly schemes = new Map<string, Scheme>();
  private readonly instances = new Map<string, AxiosInstance>();
  private readonly counts = new Map<string, number>();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
    // Docker skips certificate checks for registries it may reach over plain HTTP; loopback is one.
    loopbackHttps: new https.Agent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: false }),
  };

  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends a request to a registry's API host. Plain HTTP when the registry is marked insecure; for
   * loopback hosts HTTPS first, then HTTP when HTTPS gets no answer at all (a plain-HTTP port fails the
   * TLS handshake at once); HTTPS only for everyone else.
   */
  async send(registry: string, request: HttpRequest): Promise<HttpResponse> {
    const host = apiBase(registry);
    const known = this.schemes.get(registry) ?? (this.options.insecure(registry) ? 'http' : undefined);
    if (known !== undefined) return this.fetchUrl(`${known}://${host}${request.path}`, request);
    if (!isLoopback(host)) {
      this.schemes.set(registry, 'https');
      return this.fetchUrl(`https://${host}${request.path}`, request);
    }
    try {
      const response = await this.fetchUrl(`https://${host}${request.path}`, request);
      this.schemes.set(registry, 'https');
      return response;
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
    }
    const response = await this.fetchUrl(`http://${host}${request.path}`, request);
    this.schemes.set(registry, 'http');
    return response;
  }

  /** Sends a request to an absolute URL (token realms); throws only NetworkFailure. */
  async fetchUrl(url: string, request: Omit<HttpRequest, 'path'>): Promise<HttpResponse> {
    const target = new URL(url);
    this.counts.set(target.host, (this.counts.get(target.host) ?? 0) + 1);
    let response: AxiosResponse<unknown>;
    try {
      response = await this.instanceFor(target.host).request({
        method: request.method,
        url,
        headers: request.headers ?? {},
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw toFailure(err);
    }
    return { status: response.status, headers: plainHeaders(response.headers), body: asBuffer(response.data), url };
  }

  stats(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private instanceFor(host: string): AxiosInstance {
    let instance = this.instances.get(host);
    if (instance === undefined) {
      instance = axios.create({
        timeout: this.options.timeoutMs,
        httpAgent: this.agents.http,
        httpsAgent: isLoopback(host) ? this.agents.loopbackHttps : this.agents.https,
        responseType: 'arraybuffer',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxRedirects: 5,
        maxContentLength: MAX_BODY_BYTES,
      });
      this.instances.set(host, instance);
    }
    return instance;
  }
}

function toFailure(err: unknown): NetworkFailure {
  if (axios.isCancel(err)) return new NetworkFailure('ETIMEDOUT', true);
  const raw = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const code = typeof raw === 'string' ? raw : 'UNKNOWN';
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

/** Sends a request about one repository, authenticating as needed: what the operations build on. */
export type RepoSender = (repo: { registry: string; repository: string }, request: HttpRequest) => Promise<HttpResponse>;
