import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestCert } from '../../helpers/registry.js';

/** What a server saw of one request: enough to tell whether a credential reached it. */
export interface Seen {
  method: string;
  path: string;
  authorization?: string;
  /** Whether the client presented a TLS client certificate. */
  clientCert: boolean;
}

export interface Tls {
  cert: TestCert;
  /** Ask clients for a certificate (and accept any): the server can then tell whether one was sent. */
  requestCert?: boolean;
}

interface Listening {
  url: string;
  seen: Seen[];
  stop(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, tls?: Tls): Promise<Listening> {
  const seen: Seen[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket as Partial<TLSSocket>;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : {};
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, clientCert: Object.keys(peer).length > 0 });
    handler(req, res);
  };
  const server = tls
    ? https.createServer({ cert: tls.cert.certPem, key: tls.cert.keyPem, requestCert: tls.requestCert ?? false, rejectUnauthorized: false }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    stop: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

/** Object storage as registries use it (S3, a CDN): serves what it was given under an unguessable URL. */
export interface Storage extends Listening {
  put(body: Buffer, contentType: string | undefined): string;
}

export async function startStorage(tls?: Tls): Promise<Storage> {
  const objects = new Map<string, { body: Buffer; contentType?: string }>();
  const server = await listen((req, res) => {
    const object = objects.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!object) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': object.contentType ?? 'application/octet-stream', 'content-length': object.body.length });
    res.end(req.method === 'HEAD' ? undefined : object.body);
  }, tls);
  return {
    ...server,
    put(body, contentType) {
      const key = `/objects/${randomBytes(8).toString('hex')}`;
      objects.set(key, { body, contentType });
      // A presigned URL carries its own authorisation in the query.
      return `${server.url}${key}?X-Amz-Signature=${randomBytes(8).toString('hex')}`;
    },
  };
}

export type Route = 'storage' | 'same-origin' | undefined;

/**
 * A registry's front door that redirects as real registries do: GETs of blobs and of manifests by
 * digest go to storage (the front fetches them from the registry with the client's own credentials
 * and answers 307), or back to itself under another path. Everything else passes through.
 */
export async function startRedirectingFront(upstream: string, storage: Storage, route: (method: string, path: string) => Route, tls?: Tls): Promise<Listening & { host: string }> {
  const server = await listen((req, res) => {
    const path = req.url ?? '/';
    const where = route(req.method ?? '', path);
    if (where === 'same-origin' && !path.includes('moved=1')) {
      res.writeHead(307, { location: `${path}${path.includes('?') ? '&' : '?'}moved=1` });
      return void res.end();
    }
    void pass(upstream, req).then(({ status, headers, body }) => {
      if (where === 'storage' && status === 200) {
        res.writeHead(307, { location: storage.put(body, headers['content-type'] as string | undefined) });
        return void res.end();
      }
      res.writeHead(status, headers);
      res.end(body);
    }, () => res.writeHead(502).end());
  }, tls);
  return { ...server, host: new URL(server.url).host };
}

/** A token realm's front door that sends every request on to the real realm, elsewhere. */
export async function startRedirectingRealm(realm: string): Promise<Listening> {
  return listen((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').search;
    res.writeHead(307, { location: `${realm}${query}` });
    res.end();
  });
}

function pass(upstream: string, req: IncomingMessage): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const up = new URL(upstream);
  const path = (req.url ?? '/').replace(/[?&]moved=1$/, '');
  return new Promise((ok, fail) => {
    const out = http.request({ host: up.hostname, port: up.port, method: req.method, path, headers: { ...req.headers, host: up.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    out.on('error', fail);
    req.pipe(out);
  });
}
