import { createServer, request, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Something a proxy saw, in the order every proxy sharing the timeline saw it. */
export interface TimelineEvent {
  /** Which proxy saw it. */
  proxy: string;
  /** `served`: the whole answer went out; `abandoned`: the client gave up (its timeout) before any answer. */
  kind: 'served' | 'abandoned';
  method: string;
  path: string;
  /** performance.now() when it happened: for messages only; order is the array's. */
  at: number;
}

export interface TimelineProxy {
  /** `127.0.0.1:PORT`: the registry name clients use. */
  host: string;
  stop(): Promise<void>;
}

/**
 * A pass-through proxy that appends to a shared timeline when an answer has been sent in full, and
 * when the client hangs up on a request nobody answered (what a client's request timeout looks like
 * from the server side). Several proxies writing one array give the order of events across hosts.
 */
export async function startTimelineProxy(name: string, upstream: string, timeline: TimelineEvent[]): Promise<TimelineProxy> {
  const up = new URL(upstream);
  const pending = new Set<ClientRequest>();
  const server = createServer((req, res) => {
    const record = (kind: TimelineEvent['kind']) =>
      timeline.push({ proxy: name, kind, method: req.method ?? '', path: req.url ?? '/', at: performance.now() });
    const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    pending.add(out);
    out.on('close', () => pending.delete(out));
    out.on('error', () => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
    });
    res.on('finish', () => record('served'));
    res.on('close', () => {
      if (res.writableFinished) return;
      if (!res.headersSent) record('abandoned');
      out.destroy();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => {
      for (const out of pending) out.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
