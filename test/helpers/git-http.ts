import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpOptions {
  /** Directory whose bare repos are served: `<url>/<name>.git`. */
  root: string;
  /** Basic-auth users (name → password); when absent, anyone may read and push. */
  users?: Record<string, string>;
}

export interface GitHttpServer {
  /** Base URL, without a trailing slash. */
  url: string;
  /**
   * Requests seen, in order, with the Basic user (or '-'): lets tests assert what was sent. `finished`
   * turns true once the answer was sent in full (a push whose answer finished has been applied).
   */
  requests: Array<{ method: string; path: string; user: string; finished?: boolean }>;
  stop(): Promise<void>;
}

/** Smart HTTP: node:http in front of `git http-backend` (CGI), with optional Basic auth. */
export async function startGitHttp({ root, users }: GitHttpOptions): Promise<GitHttpServer> {
  const requests: GitHttpServer['requests'] = [];
  const server = createServer((req, res) => {
    const { user, password } = basicCredentials(req);
    const seen: GitHttpServer['requests'][number] = { method: req.method ?? '', path: req.url ?? '', user: user || '-' };
    requests.push(seen);
    res.on('finish', () => (seen.finished = true));
    if (users && !(user && Object.hasOwn(users, user) && users[user] === password)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('auth required\n');
      return;
    }
    // receive-pack (push) is refused unless REMOTE_USER is set.
    runBackend(req, res, root, user || 'anonymous');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function basicCredentials(req: IncomingMessage): { user: string; password: string } {
  const header = req.headers.authorization ?? '';
  if (!/^Basic /i.test(header)) return { user: '', password: '' };
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function runBackend(req: IncomingMessage, res: ServerResponse, root: string, user: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const optional = (name: string, value: string | string[] | undefined): Record<string, string> =>
    typeof value === 'string' ? { [name]: value } : {};
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    REMOTE_USER: user,
    GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
    ...optional('HTTP_CONTENT_ENCODING', req.headers['content-encoding']),
    ...optional('GIT_PROTOCOL', req.headers['git-protocol']),
    ...optional('CONTENT_LENGTH', req.headers['content-length']),
  };
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  req.pipe(cgi.stdin);
  cgi.stdin.on('error', () => undefined);
  cgi.on('error', () => fail(res));
  relayCgiOutput(cgi.stdout, res);
}

/** A CGI answer is headers (with `Status:`), a blank line, then the body. */
function relayCgiOutput(stdout: NodeJS.ReadableStream, res: ServerResponse): void {
  let head = Buffer.alloc(0);
  let started = false;
  stdout.on('data', (chunk: Buffer) => {
    if (started) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else if (name) headers[name] = value;
    }
    res.writeHead(status, headers);
    started = true;
    res.write(head.subarray(end + 4));
  });
  stdout.on('end', () => (started ? res.end() : fail(res)));
}

function fail(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(502, { 'Content-Type': 'text/plain' });
  res.end('git http-backend failed\n');
}
