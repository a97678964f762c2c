import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestCert } from './registry.js';

export interface TokenServerOptions {
  /** When set, token requests need Basic credentials from this map (user → password). */
  users?: Record<string, string>;
  /** OAuth2 refresh tokens (identity tokens) accepted on POST, each mapped to its user. */
  refreshTokens?: Record<string, string>;
  /** `expires_in` reported to clients, default 300; null leaves it out. */
  expiresIn?: number | null;
  /** The JWT's real lifetime (`exp`), default the reported one or 300 s. Registry 2.8 allows 60 s of leeway. */
  jwtLifetimeSeconds?: number;
  service?: string;
  issuer?: string;
}

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequest {
  user?: string;
  /** `refresh_token` for an OAuth2 form POST; absent for the GET flow. */
  grant?: string;
  service: string | null;
  scopes: string[];
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** What `startRegistry({ token })` needs to trust this issuer. */
  registryAuth: { realm: string; service: string; issuer: string; rootCertPem: string };
  /** Every token request received, in order (failed ones included). */
  requests: TokenRequest[];
  /** Lifetimes of tokens served from now on; tests change them between requests. */
  settings: { expiresIn: number | null; jwtLifetimeSeconds: number };
  /** A token signed like the served ones, without a request (for pushes in test setup). */
  mint(access: Access[], lifetimeSeconds?: number): string;
  stop(): Promise<void>;
}

/**
 * A Docker/Distribution token issuer that registry 2.8 accepts: RS256 JWTs whose header `kid` is the
 * libtrust key id of the signing certificate, `aud` a string (2.8 rejects arrays).
 */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const cert = await makeTestCert();
  const key = createPrivateKey(cert.keyPem);
  const kid = libtrustKeyId(cert.certPem);
  const service = options.service ?? 'imagebump-test-registry';
  const issuer = options.issuer ?? 'imagebump-test-issuer';
  const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
  const settings = { expiresIn, jwtLifetimeSeconds: options.jwtLifetimeSeconds ?? expiresIn ?? 300 };
  const requests: TokenRequest[] = [];
  const mint = (access: Access[], seconds = settings.jwtLifetimeSeconds, subject = ''): string =>
    signJwt(key, kid, { iss: issuer, sub: subject, aud: service, access }, seconds);

  const server = createServer((req, res) => {
    if (req.method === 'POST') return void readForm(req).then((form) => refreshGrant(form, res));
    const url = new URL(req.url ?? '/', 'http://token');
    const user = basicUser(req);
    const scopes = url.searchParams.getAll('scope');
    requests.push({ user: user?.name, service: url.searchParams.get('service'), scopes });
    if (options.users && !(user && options.users[user.name] === user.password)) return deny(res);
    const token = mint(scopes.map(parseScope), settings.jwtLifetimeSeconds, user?.name);
    const lifetime = settings.expiresIn === null ? {} : { expires_in: settings.expiresIn };
    const body = { token, access_token: token, issued_at: new Date().toISOString(), ...lifetime };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  // The OAuth2 flow Docker uses with identity tokens: a form POST, scopes space-separated in one field.
  const refreshGrant = (form: URLSearchParams, res: ServerResponse): void => {
    const user = options.refreshTokens?.[form.get('refresh_token') ?? ''];
    const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
    requests.push({ user, grant: form.get('grant_type') ?? undefined, service: form.get('service'), scopes });
    if (form.get('grant_type') !== 'refresh_token' || user === undefined) return deny(res);
    const token = mint(scopes.map(parseScope), settings.jwtLifetimeSeconds, user);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: token, expires_in: settings.expiresIn ?? undefined, scope: scopes.join(' ') }));
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return {
    realm, service, issuer, requests, settings, mint: (access, seconds) => mint(access, seconds),
    registryAuth: { realm, service, issuer, rootCertPem: cert.certPem },
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function deny(res: ServerResponse): void {
  res.writeHead(401, { 'www-authenticate': 'Basic realm="token"', 'content-type': 'application/json' });
  res.end(JSON.stringify({ details: 'incorrect username or password' }));
}

function basicUser(req: IncomingMessage): { name: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// `repository:<name>:<actions>`; the name may hold a registry port's colon, the actions never do.
function parseScope(scope: string): Access {
  const parts = scope.split(':');
  const actions = (parts.pop() ?? '').split(',').filter((a) => a !== '');
  const type = parts.shift() ?? '';
  return { type, name: parts.join(':'), actions };
}

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>, lifetimeSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ typ: 'JWT', alg: 'RS256', kid });
  const payload = encode({ ...claims, exp: now + lifetimeSeconds, nbf: now - 10, iat: now, jti: randomUUID() });
  const input = `${header}.${payload}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** libtrust key id: base32 of the first 30 bytes of sha256(SPKI DER), in 12 groups of 4. */
function libtrustKeyId(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  const bytes = createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return (out.match(/.{4}/g) ?? []).join(':');
}
