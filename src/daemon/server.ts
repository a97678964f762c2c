import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import type { DaemonMetrics } from '../metrics/metrics.js';
import type { Readiness } from './health.js';
import { describeImage, type PushedImage } from './images.js';
import { handleDelivery, type DeliveryResult } from './webhooks/handle.js';
import type { Delivery, SourceName, WebhookSource } from './webhooks/types.js';

export interface ServerDeps {
  metrics: DaemonMetrics;
  readiness: () => Readiness;
  sources: ReadonlyMap<SourceName, WebhookSource>;
  maxBodyBytes: number;
  /** Whether webhooks are still taken (false once shutdown began: they answer 503). */
  accepting: () => boolean;
  /** Queues a scan of the pushed images; false when no known policy watches any of them. */
  onPush: (images: PushedImage[], source: SourceName) => boolean;
  log: Logger;
}

export interface RunningServer {
  /** `host:port` actually bound (port 0 picks a free one). */
  address: string;
  close(): Promise<void>;
}

/** Serves /healthz, /readyz, /metrics and POST /webhooks/<source>[/<secret>]. */
export async function startServer(listen: string, deps: ServerDeps): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    route(req, res, deps).catch((err: unknown) => {
      deps.log.error({ err: (err as Error).message }, 'request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  // Slow or stalled clients must not pin connections.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  const { host, port } = parseListen(listen);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeIdleConnections();
      }),
  };
}

export function parseListen(listen: string): { host: string | undefined; port: number } {
  const colon = listen.lastIndexOf(':');
  const rawHost = listen.slice(0, colon);
  const host = rawHost === '' ? undefined : rawHost.replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(listen.slice(colon + 1)) };
}

async function route(req: http.IncomingMessage, res: http.ServerResponse, deps: ServerDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/healthz') return send(res, 200, 'ok\n');
  if (path === '/readyz') {
    const r = deps.readiness();
    return send(res, r.ready ? 200 : 503, `${r.reason}\n`);
  }
  if (path === '/metrics') {
    const body = await deps.metrics.registry.metrics();
    return send(res, 200, body, deps.metrics.registry.contentType);
  }
  const hook = /^\/webhooks\/([a-z]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (!hook) return send(res, 404, 'not found\n');
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return send(res, 405, 'method not allowed\n');
  }
  const result = await webhook(req, hook[1]!, hook[2], deps);
  if (result.images && result.source !== 'unknown' && !deps.onPush(result.images, result.source)) {
    Object.assign(result, { status: 200, outcome: 'ignored', message: 'no policy watches the pushed images' });
  }
  deps.metrics.webhooks.inc({ source: result.source, outcome: result.outcome });
  const images = result.images?.slice(0, 10).map(describeImage);
  deps.log[result.status >= 400 ? 'warn' : 'info']({ source: result.source, outcome: result.outcome, status: result.status, images }, `webhook ${result.outcome}: ${result.message}`);
  send(res, result.status, `${JSON.stringify({ status: result.outcome, message: result.message })}\n`, 'application/json');
}

async function webhook(req: http.IncomingMessage, source: string, segment: string | undefined, deps: ServerDeps): Promise<DeliveryResult> {
  const known = deps.sources.has(source as SourceName) ? (source as SourceName) : 'unknown';
  if (!deps.accepting()) return { status: 503, outcome: 'unavailable', source: known, message: 'shutting down' };
  const body = await readBody(req, deps.maxBodyBytes);
  if (body === undefined) return { status: 413, outcome: 'too-large', source: known, message: `the body is larger than ${deps.maxBodyBytes} bytes` };
  const delivery: Delivery = { headers: headersOf(req), body, pathSecret: segment === undefined ? undefined : safeDecode(segment) };
  return handleDelivery(deps.sources, source, delivery);
}

/** The body, or undefined as soon as it passes the limit (the rest is not read). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        ok(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => ok(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function headersOf(req: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: http.ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
