import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiDescription } from './openapi.js';
import { sample } from './sample.js';
import type { FakePull, FakeState, ForgeFlavour, HandlerReply, RecordedRequest } from './types.js';

export interface ForgeFake {
  /** The API base URL to configure imagebump with. */
  url: string;
  token: string;
  project: string;
  state: FakeState;
  requests: RecordedRequest[];
  /** Requests or replies that do not conform to the forge's API description. Tests expect none. */
  violations: string[];
  /** Requests that change something (anything but GET). */
  writes(): RecordedRequest[];
  pull(number: number): FakePull | undefined;
  /** What a person does in the UI. */
  closePull(number: number, opts?: { merged?: boolean }): void;
  /**
   * The next request for this operation is checked and recorded (status 0), but neither carried out nor
   * answered, as if the client died before the forge got to it: for killing the client mid-call.
   * Resolves when it has arrived.
   */
  stallNext(operationId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface FakeOptions {
  project?: string;
  token?: string;
  labels?: string[];
  users?: string[];
}

/**
 * An in-process forge on 127.0.0.1: enough of one forge's REST API to open and update pull requests,
 * with every request and every reply checked against the forge's published API description.
 */
export async function startForgeFake(flavour: ForgeFlavour, opts: FakeOptions = {}): Promise<ForgeFake> {
  const api = apiDescription(flavour.description);
  const token = opts.token ?? 'fake-forge-token-0123456789';
  let counter = 0;
  let tick = 0;
  const state: FakeState = {
    project: opts.project ?? 'acme/env',
    baseUrl: '',
    pulls: [],
    labels: (opts.labels ?? ['dependencies', 'images']).map((name, i) => ({ id: 100 + i, name })),
    users: (opts.users ?? ['alice', 'bob', 'carol']).map((username, i) => ({ id: 10 + i, username })),
    nextNumber: () => ++counter,
    clock: () => ++tick,
  };
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const stalls = new Map<string, () => void>();
  const unanswered = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        violations.push(`${req.method} ${url.pathname}: body is not JSON`);
      }
      const reply = answer(req, url, body);
      requests.push({ method: req.method!, path: url.pathname, operationId: reply.operationId, query: Object.fromEntries(url.searchParams), body, status: reply.status });
      if (reply.status === 0) {
        unanswered.add(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });

  function answer(req: http.IncomingMessage, url: URL, body: unknown): HandlerReply & { operationId: string } {
    const method = req.method ?? 'GET';
    const where = `${method} ${url.pathname}`;
    if (!flavour.authorized(req.headers, token)) return { status: 401, body: { message: 'Bad credentials' }, operationId: 'auth' };
    const custom = flavour.custom?.(method, url.pathname, body, state);
    if (custom) {
      violations.push(...custom.problems.map((p) => `${where}: ${p}`));
      return { ...custom, operationId: 'custom' };
    }
    const op = api.match(method, url.pathname);
    const handler = op && flavour.handlers[op.operationId];
    if (!op || !handler) {
      violations.push(`${where}: no such operation in the fake (or in the description)`);
      return { status: 404, body: { message: 'Not Found' }, operationId: 'none' };
    }
    const problems = api.checkRequest(op, url.searchParams, body);
    if (problems.length) {
      violations.push(...problems.map((p) => `${where} (${op.operationId}): ${p}`));
      return { status: 422, body: { message: problems.join('; ') }, operationId: op.operationId };
    }
    const stalled = stalls.get(op.operationId);
    if (stalled) {
      stalls.delete(op.operationId);
      stalled();
      return { status: 0, operationId: op.operationId };
    }
    const reply = handler({ op, query: url.searchParams, body, state });
    const full = { ...reply, body: complete(api.responseSchema(op, reply.status), reply.body) };
    // Every forge answers 404 for a repository it does not have, described per operation or not.
    const undescribed404 = full.status === 404 && !api.responseSchema(op, 404);
    if (!undescribed404) violations.push(...api.checkResponse(op, full.status, full.body).map((p) => `${where} (${op.operationId}) reply: ${p}`));
    return { ...full, operationId: op.operationId };
  }

  function complete(schema: Record<string, unknown> | undefined, partial: unknown): unknown {
    const resolve = (ref: string) => api.resolve(ref);
    const resolved = schema && typeof schema.$ref === 'string' ? (api.resolve(schema.$ref) as Record<string, unknown>) : schema;
    if (Array.isArray(partial)) return partial.map((p) => complete(resolved?.items as Record<string, unknown> | undefined, p));
    if (partial === undefined || !resolved) return partial;
    return merge(sample(resolved, resolve), partial);
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${state.baseUrl}${flavour.apiPath}`,
    token,
    project: state.project,
    state,
    requests,
    violations,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    pull: (n) => state.pulls.find((p) => p.number === n),
    closePull(n, { merged = false } = {}) {
      const pull = state.pulls.find((p) => p.number === n);
      if (!pull) throw new Error(`no pull request #${n}`);
      pull.state = merged ? 'merged' : 'closed';
      pull.updatedAt = state.clock();
    },
    stallNext: (operationId) => new Promise<void>((ok) => stalls.set(operationId, ok)),
    stop: () => {
      for (const res of unanswered) res.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Deep merge: the handler's fields win; objects merge key by key. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
