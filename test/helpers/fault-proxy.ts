import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to a request instead of passing it through untouched. */
export type Fault =
  /** Answers itself with this status (and headers/body), never asking the registry. */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Closes the connection without an answer. */
  | { kind: 'reset' }
  /** Never answers: what a stuck registry looks like (released on stop). */
  | { kind: 'hang' }
  /** Passes the registry's answer on, but drops the connection half-way through the body. */
  | { kind: 'cut' }
  /** Passes on a complete-looking answer whose body is only the first half of the registry's. */
  | { kind: 'truncated-body' }
  /** Waits this long before passing the request on: a slow or overloaded upstream. */
  | { kind: 'stall'; ms: number }
  /** Passes the answer on in `chunkBytes` pieces, one every `everyMs`: a trickle that never stops being "alive". */
  | { kind: 'slow-body'; chunkBytes: number; everyMs: number }
  /** Sends the headers and the first half of the body, then nothing more (released on stop). */
  | { kind: 'stall-body' };

export interface FaultRule {
  /** Matched against the path and query. */
  path: RegExp;
  method?: string;
  /** Applies to the first `times` matching requests, then lets them through (default: every one). */
  times?: number;
  fault: Fault;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** The fault applied, if any (`status 429`, `reset`, ...). */
  fault?: string;
  authorization: boolean;
}

export interface FaultProxy {
  url: string;
  /** `127.0.0.1:PORT`: the registry name clients use. */
  host: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Requests whose path matches. */
  count(path: RegExp): number;
  /** Replaces the rules; counts of `times` start again. */
  script(rules: FaultRule[]): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of a real registry that injects failures by script: per path (and method),
 * for the first N matching requests. Everything else passes through untouched, so challenges, tokens
 * and listings are the real registry's.
 */
export async function startFaultProxy(upstream: string, initial: FaultRule[] = []): Promise<FaultProxy> {
  const up = new URL(upstream);
  let rules = initial.map((rule) => ({ rule, used: 0 }));
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const active = rules.find(({ rule, used }) => rule.path.test(path) && (rule.method ?? req.method) === req.method && used < (rule.times ?? Infinity));
    if (active) active.used += 1;
    const fault = active?.rule.fault;
    requests.push({ method: req.method ?? '', path, fault: fault && describe(fault), authorization: req.headers.authorization !== undefined });
    if (fault !== undefined && 'status' in fault) return answer(res, fault);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'stall') return void setTimeout(() => forward(up, req, res, undefined), fault.ms);
    forward(up, req, res, fault);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    requests,
    count: (path) => requests.filter((r) => path.test(r.path)).length,
    script: (next) => {
      rules = next.map((rule) => ({ rule, used: 0 }));
    },
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function describe(fault: Fault): string {
  return 'status' in fault ? `status ${fault.status}` : fault.kind;
}

type BodyDamage = Extract<Fault, { kind: 'cut' | 'truncated-body' | 'slow-body' | 'stall-body' }>;

function answer(res: ServerResponse, fault: { status: number; headers?: Record<string, string>; body?: string }): void {
  const body = fault.body ?? JSON.stringify({ errors: [{ code: fault.status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: 'injected by the fault proxy' }] });
  res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...fault.headers });
  res.end(body);
}

function forward(up: URL, req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): void {
  const damage = fault !== undefined && 'kind' in fault ? (fault as BodyDamage) : undefined;
  const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
    if (damage === undefined) {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      return;
    }
    void readAll(upRes).then((body) => damaged(res, upRes, body, damage));
  });
  out.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(out);
}

/** Sends the upstream's answer, damaged as the fault says. */
function damaged(res: ServerResponse, upRes: IncomingMessage, body: Buffer, damage: BodyDamage): void {
  const half = body.subarray(0, Math.floor(body.length / 2));
  // A chunked answer (git's, say) stays chunked; a sized one keeps announcing its full size.
  const sized = upRes.headers['content-length'] !== undefined || damage.kind === 'truncated-body';
  const length = damage.kind === 'truncated-body' ? half.length : body.length;
  const headers: OutgoingHttpHeaders = { ...upRes.headers, ...(sized ? { 'content-length': length } : {}) };
  res.writeHead(upRes.statusCode ?? 502, headers);
  if (damage.kind === 'truncated-body') return void res.end(half);
  if (damage.kind === 'cut') return void res.write(half, () => res.socket?.destroy());
  if (damage.kind === 'stall-body') return void res.write(half);
  trickle(res, body, damage.chunkBytes, damage.everyMs);
}

function trickle(res: ServerResponse, body: Buffer, chunkBytes: number, everyMs: number): void {
  let offset = 0;
  const timer = setInterval(() => {
    if (res.destroyed || offset >= body.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(body.subarray(offset, offset + chunkBytes));
    offset += chunkBytes;
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
