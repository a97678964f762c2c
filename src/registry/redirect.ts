import type { TlsSettings } from './agents.js';
import type { HttpRequest } from './transport.js';

/** Registries redirect blob (and some manifest) GETs to storage; a chain longer than this is refused. */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The next URL when the answer is a redirect worth following, else undefined. */
export function redirectTarget(status: number, location: string | undefined, from: URL): URL | undefined {
  if (!REDIRECTS.has(status) || location === undefined || location === '') return undefined;
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return undefined;
  }
  return next.protocol === 'https:' || next.protocol === 'http:' ? next : undefined;
}

/**
 * The request to send to a redirect's target. Credentials and the client certificate belong to the
 * origin that was asked (scheme, host and port exactly: no subdomain, no downgrade); a redirect to
 * anywhere else (S3, a CDN, another port) gets neither, and once dropped they stay dropped for the rest
 * of the chain. Presigned storage URLs carry their own authorisation in the query.
 */
export function redirectedRequest(request: HttpRequest, status: number, origin: URL, next: URL): HttpRequest {
  const sameOrigin = next.origin === origin.origin;
  const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!sameOrigin && (lower === 'authorization' || lower === 'cookie' || lower === 'proxy-authorization')) continue;
    if (toGet && lower.startsWith('content-')) continue;
    headers[name] = value;
  }
  return { ...request, method: toGet ? 'GET' : request.method, headers, ...(toGet ? { body: undefined } : {}) };
}

/** TLS settings for a hop: the registry's own for its origin; elsewhere its CAs, never its client certificate. */
export function tlsFor(origin: URL, target: URL, tls: TlsSettings): TlsSettings {
  if (target.origin === origin.origin) return tls;
  return { ca: tls.ca, insecureSkipVerify: tls.insecureSkipVerify };
}
