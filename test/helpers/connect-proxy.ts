import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY. */
  url: string;
  /** The `host:port` of every CONNECT tunnel opened, in order. */
  tunnels: string[];
  /** Plain (non-CONNECT) requests received; a client that tunnels sends none. */
  plainRequests: number;
  stop(): Promise<void>;
}

/**
 * A forward proxy that only tunnels (CONNECT), like the corporate proxies HTTPS_PROXY points at. Host
 * names ending in `.proxy.test` resolve to 127.0.0.1 here: the client never resolves a proxied name
 * itself, so a test can use a name that no DNS knows and prove the request went through the proxy.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const state = { tunnels: [] as string[], plainRequests: 0 };
  const server = createServer((_req, res) => {
    state.plainRequests += 1;
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('this proxy only tunnels\n');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    const target = req.url ?? '';
    state.tunnels.push(target);
    const colon = target.lastIndexOf(':');
    const name = target.slice(0, colon);
    const upstream = connect(Number(target.slice(colon + 1)), name.endsWith('.proxy.test') ? '127.0.0.1' : name, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      close();
    });
    client.on('error', close);
    client.on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get tunnels() {
      return state.tunnels;
    },
    get plainRequests() {
      return state.plainRequests;
    },
    stop: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
