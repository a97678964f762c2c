import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

const TOKEN = 'canary-git-token-4f9d2c';
let registry: TestRegistry;
let work: string;
const remotes: BareRemote[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-proc-'));
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '200']) await pushImage(registry.url, 'acme/api', tag);
});
afterAll(async () => {
  await Promise.all(remotes.map((r) => r.cleanup()));
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

async function writeConfig(name: string, body: string): Promise<string> {
  const file = join(work, name);
  await writeFile(file, body);
  return file;
}

describe('imagebump once over smart HTTP with a token', () => {
  let http: GitHttpServer;
  let remote: BareRemote;
  beforeAll(async () => {
    remote = await createBareRemote(envRepoFiles(registry.host));
    remotes.push(remote);
    http = await startGitHttp({ root: dirname(remote.dir), users: { 'x-access-token': TOKEN } });
  });
  afterAll(() => http.stop());

  it('clones and pushes with the token from the environment, and never prints it', async () => {
    const config = await writeConfig(
      'http.yaml',
      `repo:\n  url: ${http.url}/${basename(remote.dir)}\n  credentials:\n    password: { env: ENV_GIT_TOKEN }\n` +
        'policies: [policies]\npaths: [apps]\n',
    );
    const r = await runCli(['once', '--config', config, '--log-level', 'debug'], { ENV_GIT_TOKEN: TOKEN });
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pushed [0-9a-f]{40}/);
    expect(await remote.readFile('main', 'apps/values.yaml')).toContain('"1.1.0"');
    expect(http.requests.some((q) => q.path.includes('git-receive-pack') && q.user === 'x-access-token')).toBe(true);
  });

  it('fails with exit 3 and a clear message on a wrong token, without printing it', async () => {
    const config = await writeConfig(
      'http-bad.yaml',
      `repo:\n  url: ${http.url}/${basename(remote.dir)}\n  credentials:\n    password: { env: ENV_GIT_TOKEN }\n`,
    );
    const r = await runCli(['once', '--config', config], { ENV_GIT_TOKEN: 'wrong-token-123' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error: .*(auth|Authentication)/i);
    expect(r.stderr + r.stdout).not.toContain('wrong-token-123');
  });

  it('exits 2 when a secret is missing from the environment', async () => {
    const config = await writeConfig('http-missing.yaml', `repo:\n  url: ${http.url}/x.git\n  credentials:\n    password: { env: NOT_SET_ANYWHERE }\n`);
    const r = await runCli(['once', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environment variable NOT_SET_ANYWHERE is not set');
  });
});

describe('imagebump run', () => {
  it('runs a cycle at start and on schedule, picks up a new tag, and stops cleanly on SIGTERM', async () => {
    const remote = await createBareRemote(envRepoFiles(registry.host));
    remotes.push(remote);
    const config = await writeConfig(
      'run.yaml',
      `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\nschedule: "*/1 * * * * *"\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}src/cli.ts`, 'run', '--config', config], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((ok) => child.on('close', ok));
    try {
      await waitFor(async () => (await remote.readFile('main', 'apps/values.yaml')).includes('"1.1.0"'), 20_000);
      await pushImage(registry.url, 'acme/web', '1.2.0');
      await waitFor(async () => (await remote.readFile('main', 'apps/values.yaml')).includes('"1.2.0"'), 20_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const subjects = (await remote.log('main')).map((e) => e.subject);
    expect(subjects).toHaveLength(3);
    const lines = stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.msg === 'cycle finished')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped', finished: true });
  }, 60_000);
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(100);
  }
  throw new Error('timed out waiting');
}
