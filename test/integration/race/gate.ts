import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PushGate {
  url: string;
  /** Pushes that arrived (POST git-receive-pack). */
  pushes: number;
  stop(): Promise<void>;
}

/**
 * A proxy in front of a smart-HTTP git server that holds each push (the POST after git has read
 * the refs) until `beforePush` has run: another writer commits in exactly that window, so the held
 * push meets a branch that moved after it looked. That makes the race happen on every run.
 */
export async function startPushGate(upstream: string, beforePush: (n: number) => Promise<void>): Promise<PushGate> {
  const target = new URL(upstream);
  const gate = { pushes: 0 };
  const server = http.createServer((req, res) => {
    const isPush = req.method === 'POST' && (req.url ?? '').endsWith('/git-receive-pack');
    // Buffer the request first: the held push must not time out while the other writer commits.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = () => {
        const out = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      };
      if (!isPush) return forward();
      // A failed beforePush shows up in the test's own assertions; the push goes on either way.
      void beforePush(++gate.pushes).catch(() => undefined).then(forward);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get pushes() {
      return gate.pushes;
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
