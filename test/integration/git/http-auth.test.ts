import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneWorkspace, GitError, type GitAuth, type Workspace } from '../../../src/git/index.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';

const PASSWORD = 'p4ss-w0rd-VERY-secret';
const TOKEN = 'ghs_tokenValue123456789';
const AUTHOR = { name: 'Image Bump', email: 'bot@imagebump.test' };

let tmp: string;
let remote: BareRemote;
let server: GitHttpServer;
let repoUrl: string;
let dirs = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'imagebump-http-'));
  remote = await createBareRemote({ 'app.yaml': 'image: app:1.0.0\n' });
  server = await startGitHttp({ root: path.dirname(remote.dir), users: { bot: PASSWORD, 'x-access-token': TOKEN } });
  repoUrl = `${server.url}/${path.basename(remote.dir)}`;
});
afterAll(async () => {
  await server?.stop();
  await remote?.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

async function cloneWith(auth: GitAuth | undefined, url = repoUrl): Promise<Workspace> {
  return cloneWorkspace({ url, branch: 'main', dir: path.join(tmp, `ws-${++dirs}`), auth });
}

/** Every file under .git that is text git keeps around: config, FETCH_HEAD, logs, packed-refs. */
async function gitMetadata(dir: string): Promise<string> {
  const files = await readdir(path.join(dir, '.git'), { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    files
      .filter((f) => f.isFile() && !f.parentPath.includes('objects') && !f.name.endsWith('.idx') && f.name !== 'index')
      .map((f) => readFile(path.join(f.parentPath, f.name), 'utf8')),
  );
  return texts.join('\n');
}

function secretForms(user: string, password: string): string[] {
  return [password, Buffer.from(`${user}:${password}`).toString('base64'), 'Authorization'];
}

describe('smart HTTP with Basic auth', () => {
  it.each([
    { name: 'username and password', auth: { username: 'bot', password: PASSWORD }, user: 'bot', secret: PASSWORD },
    { name: 'token only', auth: { password: TOKEN }, user: 'x-access-token', secret: TOKEN },
  ])('clones and pushes with $name, leaving no credential on disk', async ({ auth, user, secret }) => {
    const seen = server.requests.length;
    const ws = await cloneWith(auth);
    try {
      const result = await ws.publish({
        author: AUTHOR,
        apply: async (dir) => {
          await writeFile(path.join(dir, 'app.yaml'), `image: app:1.0.${dirs}\n`);
          return { files: ['app.yaml'], message: `Bump to 1.0.${dirs}` };
        },
      });
      expect(result.pushed).toBe(true);
      expect((await remote.log('main'))[0]?.sha).toBe(result.commit);

      const metadata = await gitMetadata(ws.dir);
      expect(metadata).toContain(repoUrl);
      for (const form of secretForms(user, secret)) expect(metadata).not.toContain(form);
      // The header goes out up front on every request, so no request arrives anonymous.
      const mine = server.requests.slice(seen);
      expect(mine.some((r) => r.path.includes('git-receive-pack'))).toBe(true);
      expect(mine.every((r) => r.user === user)).toBe(true);
    } finally {
      await ws.dispose();
    }
  });

  it('moves credentials out of the URL before git sees it', async () => {
    const withUserinfo = repoUrl.replace('http://', `http://bot:${encodeURIComponent(PASSWORD)}@`);
    const ws = await cloneWith(undefined, withUserinfo);
    try {
      const metadata = await gitMetadata(ws.dir);
      for (const form of secretForms('bot', PASSWORD)) expect(metadata).not.toContain(form);
      expect(metadata).toContain(`url = ${repoUrl}`);
    } finally {
      await ws.dispose();
    }
  });

  it.each([
    { name: 'a wrong password', auth: { username: 'bot', password: 'wrong-Pa55word-xyz' } },
    { name: 'a wrong token', auth: { password: 'ghs_wrongTOKENvalue' } },
    { name: 'no credentials', auth: undefined },
  ])('fails fast with GitError auth for $name and keeps the secret out of the message', async ({ auth }) => {
    const started = Date.now();
    const err = await cloneWith(auth).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).kind).toBe('auth');
    const message = (err as GitError).message;
    if (auth) {
      for (const form of secretForms(auth.username ?? 'x-access-token', auth.password)) {
        if (form !== 'Authorization') expect(message).not.toContain(form);
      }
    }
  });
});
