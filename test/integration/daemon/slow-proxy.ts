import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowProxy {
  /** `127.0.0.1:PORT`: the registry name policies use. */
  host: string;
  /** Tag listings answered so far. */
  listings: number;
  stop(): Promise<void>;
}

/** A plain-HTTP proxy in front of a registry that holds every tag listing for `delayMs`: a slow cycle on demand. */
export async function startSlowProxy(upstream: string, delayMs: number): Promise<SlowProxy> {
  const target = new URL(upstream);
  const state = { listings: 0 };
  const server = http.createServer((req, res) => {
    const forward = () => {
      const out = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (req.url?.includes('/tags/list')) {
      state.listings++;
      setTimeout(forward, delayMs);
    } else forward();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    get listings() {
      return state.listings;
    },
    stop: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
