import { createHmac } from 'node:crypto';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../src/commands/deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { resolveSecret } from '../../../src/config/secret.js';
import { startDaemon, type RunningDaemon } from '../../../src/daemon/daemon.js';
import { safeEqual } from '../../../src/daemon/webhooks/auth.js';
import { createSources } from '../../../src/daemon/webhooks/sources/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { ROOT } from '../../helpers/cli.js';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { request, waitFor } from '../daemon/daemon-process.js';

const TOKEN = 'hook-token-0123456789abcdef';
const HMAC_KEY = 'hook-hmac-key-fedcba9876543210';
const HUB_PATH = 'hub-path-secret-5a5a5a5a5a';
const MAX_BODY = 2048;

let registry: TestRegistry;
let remote: BareRemote;
let work: string;
let daemon: RunningDaemon;
let base: string;

beforeAll(async () => {
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  await pushImage(registry.url, 'acme/api', '100');
  remote = await createBareRemote(envRepoFiles(registry.host));
  work = await mkdtemp(join(tmpdir(), 'imagebump-hooks-'));
  Object.assign(process.env, { HB_TOKEN: TOKEN, HB_HMAC: HMAC_KEY, HB_HUB: HUB_PATH });
  const file = join(work, 'imagebump.yaml');
  await writeFile(file, [`repo: { url: ${JSON.stringify(remote.url)}, branch: main }`, 'policies: [policies]', 'paths: [apps]',
    'schedule: "0 0 1 1 *"', `workdir: ${join(work, 'wd')}`, `server:\n  listen: 127.0.0.1:0\n  maxBodyBytes: ${MAX_BODY}`,
    '  webhooks:\n    debounce: 100ms\n    maxDelay: 1s', '    generic: { token: { env: HB_TOKEN }, secret: { env: HB_HMAC } }',
    '    github: { secret: { env: HB_HMAC } }', '    distribution: { token: { env: HB_TOKEN } }', '    dockerhub: { pathSecret: { env: HB_HUB } }'].join('\n') + '\n');
  const { config, problems } = await loadConfig(file);
  if (!config) throw new Error(JSON.stringify(problems));
  const log = createLogger('silent');
  const sources = createSources(config.server!.webhooks!, (s) => resolveSecret(s));
  daemon = await startDaemon({ config, deps: createDeps(config, log, { keepClone: true }), log, sources });
  base = `http://${daemon.address}`;
  await waitFor(async () => (await request(`${base}/readyz`)).status === 200, 30_000);
}, 60_000);

afterAll(async () => {
  await daemon?.stop(5_000);
  await registry?.stop();
  await remote?.cleanup();
  await rm(work, { recursive: true, force: true });
});

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  request(`${base}/webhooks/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const sign = (body: string | Buffer, key = HMAC_KEY) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
const cycles = async (trigger: string) =>
  Number(new RegExp(`imagebump_cycles_total\\{outcome="\\w+",trigger="${trigger}"\\} (\\d+)`).exec((await request(`${base}/metrics`)).body)?.[1] ?? 0);

describe('webhook credentials', () => {
  const near = [TOKEN.slice(0, -1), `${TOKEN}x`, `${TOKEN.slice(0, -1)}g`, TOKEN.toUpperCase(), '', `${TOKEN}\u00e9`, ` ${TOKEN}`];

  it.each(near)('refuses a token that is nearly right (%j) on every source that takes one', async (wrong) => {
    const images = JSON.stringify({ images: [`${registry.host}/acme/web:1.1.0`] });
    expect((await post('generic', images, { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await post('distribution', '{"events":[]}', { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await post(`dockerhub/${encodeURIComponent(wrong || 'x')}`, '{}')).status).toBe(401);
    expect((await post('github', '{}', { 'x-github-event': 'ping', 'x-hub-signature-256': sign('{}', wrong || 'x') })).status).toBe(401);
  });

  it('accepts the signature only over the exact body it signs', async () => {
    const body = JSON.stringify({ zen: 'ping' });
    expect((await post('github', body, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body) })).status).toBe(200);
    expect((await post('github', `${body} `, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body) })).status).toBe(401);
    expect((await post('github', body, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(body).toUpperCase() })).status).toBe(200);
  });

  it('compares every credential through the constant-time helper, never with ===', async () => {
    const dir = join(ROOT, 'src/daemon/webhooks/sources');
    for (const name of (await readdir(dir)).filter((f) => f !== 'index.ts')) {
      const text = await readFile(join(dir, name), 'utf8');
      expect(text, name).toMatch(/from '\.\.\/auth\.js'/);
      expect(text, name).not.toMatch(/(token|secret|signature|pathSecret)\s*[!=]==(?!\s*undefined)|[!=]==\s*(token|secret|signature|pathSecret)\b/i);
      expect(text, name).not.toMatch(/\.(startsWith|endsWith|includes|indexOf)\(\s*(token|secret)/);
    }
    // Equal-length and unequal-length mismatches go through the same fixed-size comparison.
    expect([safeEqual(TOKEN, TOKEN), safeEqual(TOKEN, `${TOKEN}x`), safeEqual('', TOKEN), safeEqual(`${TOKEN.slice(0, -1)}g`, TOKEN)]).toEqual([true, false, false, false]);
  });
});

describe('webhook bodies', () => {
  it('refuses a body over maxBodyBytes, declared or chunked, without waiting for the rest', async () => {
    expect((await post('generic', 'x'.repeat(MAX_BODY + 1), { authorization: `Bearer ${TOKEN}` })).status).toBe(413);
    expect(await chunked(MAX_BODY * 4)).toBe(413);
    // A client that announces 100 MB and sends a few bytes gets its answer at once.
    expect(await announced(100 * 1024 * 1024)).toBe(413);
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`.slice(0, MAX_BODY)],
    ['a prototype key', '{"__proto__": {"polluted": "yes"}, "images": 5}'],
    ['a constructor key', '{"constructor": {"prototype": {"polluted": "yes"}}, "images": []}'],
    ['null', 'null'],
    ['a number', '42'],
    ['an empty body', ''],
    ['too many images', JSON.stringify({ images: Array.from({ length: 101 }, (_, i) => `r.example/a:${i}`) })],
    ['a path in the repository name', JSON.stringify({ images: ['HOST/../../etc/passwd:1'] })],
    ['a URL in place of a reference', JSON.stringify({ images: ['http://169.254.169.254/latest/meta-data:1'] })],
  ])('answers a malformed payload (%s) with 400, never 500, and stays unpolluted', async (_what, raw) => {
    const body = typeof raw === 'string' ? raw.replace('HOST', registry.host) : raw;
    for (const [path, headers] of [['generic', { authorization: `Bearer ${TOKEN}` }], ['distribution', { authorization: `Bearer ${TOKEN}` }]] as const) {
      const answer = await post(path, body, headers);
      expect([400, 413], `${path}: ${answer.status} ${answer.body}`).toContain(answer.status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await request(`${base}/healthz`)).status).toBe(200);
  });
});

describe('webhooks naming images no policy watches', () => {
  it('start no cycle: another host, another repository; a watched one does', async () => {
    const before = await cycles('webhook');
    for (const image of ['evil.example.com/acme/web:9.9.9', `${registry.host}/acme/unwatched:1.0.0`, `${registry.host}/acme/web-other:1`]) {
      const body = JSON.stringify({ images: [image] });
      const answer = await post('generic', body, { 'x-imagebump-signature-256': sign(body) });
      expect(answer.status, image).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'ignored' });
    }
    // Three debounce windows: an accepted push would have started its cycle by now.
    await sleep(300);
    expect(await cycles('webhook')).toBe(before);
    const watched = JSON.stringify({ images: [`${registry.host}/acme/web:1.1.0`] });
    expect((await post('generic', watched, { 'x-imagebump-signature-256': sign(watched) })).status).toBe(202);
    await waitFor(async () => (await cycles('webhook')) === before + 1);
    expect(await registryLogMentions('acme/unwatched')).toBe(false);
  });
});

async function registryLogMentions(text: string): Promise<boolean> {
  return (await readFile(registry.logFile, 'utf8')).includes(text);
}

/** Sends `size` bytes with chunked encoding (no Content-Length) and returns the status. */
function chunked(size: number): Promise<number> {
  return new Promise((ok, fail) => {
    const req = http.request(`${base}/webhooks/generic`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    for (let sent = 0; sent < size; sent += 512) req.write('x'.repeat(512));
    req.end();
  });
}

/** Announces a large Content-Length, sends a few bytes, and waits for the answer without sending more. */
function announced(length: number): Promise<number> {
  return new Promise((ok, fail) => {
    const req = http.request(`${base}/webhooks/generic`, { method: 'POST', headers: { 'content-length': String(length), authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => (req.destroyed ? undefined : fail(err)));
    req.write('{"images":');
  });
}
