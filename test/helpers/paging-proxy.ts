import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PagingProxyOptions {
  /** Write next links as absolute URLs (`http://host/v2/...`) instead of relative ones. */
  absoluteLinks?: boolean;
  /** Response headers to remove from everything passed through, e.g. `docker-content-digest`. */
  dropHeaders?: string[];
}

export interface PagingProxy {
  url: string;
  /** `127.0.0.1:PORT`: the registry name clients use. */
  host: string;
  /** Paginated tags/list pages served so far. */
  pagesServed(): number;
  stop(): Promise<void>;
}

/**
 * Registry 2.8 ignores `n`/`last` on tags/list; real registries page. This proxy in front of a real
 * registry pages spec-style (lexical order, `last` exclusive, `Link: <...>; rel="next"`) and passes
 * every other request (challenges, uploads, manifests) through untouched.
 */
export async function startPagingProxy(upstream: string, options: PagingProxyOptions = {}): Promise<PagingProxy> {
  const up = new URL(upstream);
  const drop = new Set((options.dropHeaders ?? []).map((h) => h.toLowerCase()));
  let pages = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const repo = req.method === 'GET' ? /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)?.[1] : undefined;
    const paginate = repo !== undefined && (url.searchParams.has('n') || url.searchParams.has('last'));
    // The client's Host is kept so the Location headers the registry builds point back at the proxy.
    const forward = request({ host: up.hostname, port: up.port, method: req.method, headers: req.headers,
      path: paginate ? url.pathname : req.url }, (upRes) => {
      if (!paginate || upRes.statusCode !== 200) {
        res.writeHead(upRes.statusCode ?? 502, without(upRes.headers, drop));
        upRes.pipe(res);
        return;
      }
      pages += 1;
      void readAll(upRes).then((body) => writePage(res, repo, url.searchParams, body, linkBase(req, options)));
    });
    forward.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`, host, pagesServed: () => pages,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function writePage(res: ServerResponse, repo: string, params: URLSearchParams, body: string, base: string): void {
  const parsed = JSON.parse(body) as { name?: string; tags?: string[] | null };
  const last = params.get('last');
  const n = params.has('n') ? Number(params.get('n')) : Infinity;
  const remaining = [...(parsed.tags ?? [])].sort().filter((tag) => last === null || tag > last);
  const page = remaining.slice(0, n);
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'docker-distribution-api-version': 'registry/2.0' };
  const lastTag = page.at(-1);
  if (remaining.length > page.length && lastTag !== undefined) {
    headers.link = `<${base}/v2/${repo}/tags/list?n=${n}&last=${encodeURIComponent(lastTag)}>; rel="next"`;
  }
  res.writeHead(200, headers);
  res.end(JSON.stringify({ name: parsed.name, tags: page }));
}

function linkBase(req: IncomingMessage, options: PagingProxyOptions): string {
  return options.absoluteLinks ? `http://${req.headers.host ?? ''}` : '';
}

function without(headers: IncomingMessage['headers'], drop: Set<string>): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve(body));
    stream.on('error', reject);
  });
}
