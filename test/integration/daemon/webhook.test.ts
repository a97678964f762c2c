import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, TEST_USER, type TestRegistry } from '../../helpers/registry.js';
import { request, startDaemonProcess, waitFor, type DaemonProcess } from './daemon-process.js';

// Canary values: none may appear in anything the daemon prints or serves.
const GIT_TOKEN = 'canary-git-token-7d1e90';
const HOOK_TOKEN = 'canary-hook-token-3b55c2';
const HUB_PATH = 'canary-hub-path-91fa07';
const SECRETS = [GIT_TOKEN, HOOK_TOKEN, HUB_PATH, TEST_USER.password, Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64')];

let registry: TestRegistry;
let remote: BareRemote;
let git: GitHttpServer;
let work: string;
let daemon: DaemonProcess;
let metricsText = '';
const auth = { username: TEST_USER.username, password: TEST_USER.password };

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: TEST_USER.htpasswd });
  work = await mkdtemp(join(tmpdir(), 'imagebump-daemon-'));
  await pushImage(registry.url, 'acme/web', '1.0.0', { auth });
  await pushImage(registry.url, 'acme/api', '100', { auth });
  remote = await createBareRemote(envRepoFiles(registry.host));
  git = await startGitHttp({ root: dirname(remote.dir), users: { 'x-access-token': GIT_TOKEN } });
  const config = join(work, 'imagebump.yaml');
  await writeFile(config, [
    `repo:\n  url: ${git.url}/${basename(remote.dir)}\n  credentials:\n    password: { env: T_GIT_TOKEN }`,
    'policies: [policies]\npaths: [apps]',
    `registries:\n  - host: ${registry.host}\n    credentials:\n      username: ${TEST_USER.username}\n      password: { env: T_REGISTRY_PASSWORD }`,
    // Once a year: every cycle after the first is the webhook's.
    'schedule: "0 0 1 1 *"',
    `workdir: ${join(work, 'wd')}`,
    'server:\n  listen: 127.0.0.1:0\n  maxBodyBytes: 4096',
    '  webhooks:\n    debounce: 200ms\n    distribution:\n      token: { env: T_HOOK_TOKEN }\n    dockerhub:\n      pathSecret: { env: T_HUB_PATH }',
  ].join('\n') + '\n');
  daemon = await startDaemonProcess(['--config', config, '--log-level', 'debug'], {
    T_GIT_TOKEN: GIT_TOKEN, T_REGISTRY_PASSWORD: TEST_USER.password, T_HOOK_TOKEN: HOOK_TOKEN, T_HUB_PATH: HUB_PATH,
  });
}, 60_000);

afterAll(async () => {
  await daemon?.stop('SIGKILL');
  await git?.stop();
  await registry?.stop();
  await remote?.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** A notification envelope as CNCF distribution sends it for `docker push host/repo:tag`. */
function envelope(repository: string, tag: string, host = registry.host): string {
  const event = (action: string, target: Record<string, unknown>) => ({
    id: `evt-${Math.random().toString(16).slice(2)}`, timestamp: new Date().toISOString(), action,
    target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 400, length: 400, repository, ...target },
    request: { id: 'req-1', addr: '127.0.0.1:40000', host, method: 'PUT', useragent: 'docker/24.0.7' },
    actor: { name: TEST_USER.username }, source: { addr: 'registry:5000', instanceID: 'c3a0' },
  });
  const digest = `sha256:${'ab'.repeat(32)}`;
  return JSON.stringify({ events: [
    event('push', { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest }),
    event('push', { digest, tag, url: `http://${host}/v2/${repository}/manifests/${digest}` }),
  ] });
}

const hook = (body: string, token = HOOK_TOKEN) =>
  request(`${daemon.url}/webhooks/distribution`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: `Bearer ${token}` },
    body,
  });

describe('imagebump run with a webhook', () => {
  it('is ready once the first cycle completes, and live all along', async () => {
    expect((await request(`${daemon.url}/healthz`)).status).toBe(200);
    await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'start');
    const ready = await request(`${daemon.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('refuses a wrong token, a malformed body and an oversized body, and ignores unwatched images', async () => {
    expect((await hook(envelope('acme/web', '9.9.9'), 'wrong-token')).status).toBe(401);
    expect((await hook('{"events": "nope"}')).status).toBe(400);
    expect((await hook('x'.repeat(5000))).status).toBe(413);
    const other = await hook(envelope('acme/unwatched', '1.0.0'));
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toMatchObject({ status: 'ignored' });
    expect((await request(`${daemon.url}/webhooks/github`, { method: 'POST', body: '{}' })).status).toBe(404);
    const hub = JSON.stringify({ push_data: { tag: '2.0.0' }, repository: { repo_name: 'acme/web' } });
    expect((await request(`${daemon.url}/webhooks/dockerhub/not-the-secret`, { method: 'POST', body: hub })).status).toBe(401);
    // Docker Hub's acme/web is not the policies' (they watch the test registry's): ignored.
    const viaPath = await request(`${daemon.url}/webhooks/dockerhub/${HUB_PATH}`, { method: 'POST', body: hub });
    expect(viaPath.status).toBe(200);
  });

  it('turns a registry push into one pushed commit', async () => {
    await pushImage(registry.url, 'acme/web', '1.1.0', { auth });
    await pushImage(registry.url, 'acme/web', '1.2.0', { auth });
    // Two deliveries in a burst: one cycle, one commit.
    const [a, b] = await Promise.all([hook(envelope('acme/web', '1.1.0')), hook(envelope('acme/web', '1.2.0'))]);
    expect([a.status, b.status]).toEqual([202, 202]);
    await waitFor(async () => (await remote.readFile('main', 'apps/values.yaml')).includes('"1.2.0"'));
    expect(await remote.readFile('main', 'apps/web.yaml')).toContain(`${registry.host}/acme/web:1.2.0`);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(log[0]!.subject).toContain('1.2.0');
    const finished = await daemon.waitForLog((l) => l.msg === 'cycle finished' && l.trigger === 'webhook');
    expect(finished).toMatchObject({ changes: 2, policies: 1 });
  });

  it('serves metrics for cycles, registry requests and webhook deliveries', async () => {
    const res = await request(`${daemon.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    metricsText = res.body;
    expect(metricsText).toMatch(/imagebump_cycles_total\{outcome="success",trigger="start"\} 1/);
    expect(metricsText).toMatch(/imagebump_cycles_total\{outcome="success",trigger="webhook"\} 1/);
    expect(metricsText).toMatch(/imagebump_webhook_deliveries_total\{source="distribution",outcome="accepted"\} 2/);
    expect(metricsText).toMatch(/imagebump_webhook_deliveries_total\{source="distribution",outcome="unauthorized"\} 1/);
    expect(metricsText).toMatch(/imagebump_webhook_deliveries_total\{source="distribution",outcome="ignored"\} 1/);
    expect(metricsText).toMatch(new RegExp(`imagebump_registry_requests_total\\{host="${registry.host}",kind="tags",status="ok"\\} 3`));
    expect(metricsText).toMatch(/imagebump_updates_committed_total 2/);
    expect(metricsText).toMatch(/imagebump_last_success_timestamp_seconds \d+/);
  });

  it('keeps one clone between cycles, stops on SIGTERM with 0, and never prints a secret', async () => {
    expect((await readdir(join(work, 'wd'))).filter((d) => d.startsWith('imagebump-'))).toHaveLength(1);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    expect(daemon.lines().at(-1)).toMatchObject({ msg: 'stopped', finished: true });
    const everything = daemon.stdout() + daemon.stderr() + metricsText;
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    const fetches = daemon.lines().filter((l) => l.msg === 'cycle started').length;
    expect(fetches).toBe(2);
  });
});
