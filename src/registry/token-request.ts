import { protocolError, type ErrorContext } from './errors.js';
import type { HttpRequest } from './transport.js';
import type { Credentials } from './settings.js';

/** Sent as OAuth2 `client_id`, which token servers log to tell clients apart. */
const CLIENT_ID = 'imagebump';

export interface TokenAsk {
  realm: string;
  service: string | undefined;
  /** One or more scopes, space-separated as challenges carry them. */
  scope: string;
}

/**
 * The token request for a challenge, the two ways the Docker token spec allows: with an identity
 * token (an OAuth2 refresh token, what `docker login` stores for some registries) a form POST with
 * `grant_type=refresh_token`; otherwise a GET with the scopes as query parameters and Basic
 * credentials when there are any.
 */
export function tokenRequest(ctx: ErrorContext, ask: TokenAsk, credentials: Credentials | undefined): { url: string; request: Omit<HttpRequest, 'path'> } {
  const url = realmUrl(ctx, ask.realm);
  const scopes = ask.scope.split(' ').filter((s) => s !== '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credentials !== undefined && 'identityToken' in credentials) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: CLIENT_ID });
    if (ask.service !== undefined) form.set('service', ask.service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { url: url.href, request: { method: 'POST', headers, body: form.toString() } };
  }
  if (ask.service !== undefined) url.searchParams.set('service', ask.service);
  // Several scopes arrive space-separated in one challenge; token servers expect one parameter each.
  for (const one of scopes) url.searchParams.append('scope', one);
  const basic = credentials === undefined ? undefined : basicAuthorization(credentials);
  if (basic !== undefined) headers.authorization = basic;
  return { url: url.href, request: { method: 'GET', headers } };
}

function realmUrl(ctx: ErrorContext, realm: string): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw protocolError(ctx, 'the token realm is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw protocolError(ctx, `unsupported token realm scheme ${url.protocol}`);
  return url;
}

/** `Basic base64(user:password)`; identity tokens have no Basic form. */
export function basicAuthorization(credentials: Credentials): string | undefined {
  if ('identityToken' in credentials) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}
