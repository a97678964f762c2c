import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneWorkspace, type PendingCommit } from '../../../src/git/index.js';
import { resolveSigning } from '../../../src/git/signing.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';

const run = promisify(execFile);
const AUTHOR = { name: 'Image Bump', email: 'bot@imagebump.test' };
const COMMITTER = { name: 'Release Robot', email: 'robot@imagebump.test' };

let tmp: string;
let remote: BareRemote;
let keyFile: string;
let allowedSigners: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'imagebump-sign-'));
  keyFile = path.join(tmp, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'imagebump', '-f', keyFile]);
  const pub = (await readFile(`${keyFile}.pub`, 'utf8')).trim();
  allowedSigners = path.join(tmp, 'allowed_signers');
  await writeFile(allowedSigners, `${COMMITTER.email} ${pub}\n`);
  remote = await createBareRemote({ 'app.yaml': 'image: app:1\n' });
});
afterAll(async () => {
  await remote.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

let n = 0;
function bump(tag: string) {
  return async (dir: string): Promise<PendingCommit> => {
    await writeFile(path.join(dir, 'app.yaml'), `image: app:${tag}\n`);
    return { files: ['app.yaml'], message: `chore(images): update app to ${tag}\n` };
  };
}

/** `git verify-commit` with ssh-keygen and the allowed signers file, as a reviewer's machine runs it. */
async function verify(ref: string): Promise<string> {
  const check = path.join(tmp, `check-${++n}`);
  await git(['clone', '--quiet', '--no-single-branch', remote.url, check], tmp);
  const { stderr } = await run('git', ['-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, 'verify-commit', '-v', ref], { cwd: check });
  return stderr;
}

describe('signed commits', () => {
  it('signs with an SSH key through git\'s own settings; the signature verifies; committer differs from author', async () => {
    const ws = await cloneWorkspace({ url: remote.url, branch: 'main', dir: path.join(tmp, 'ws-1') });
    const signing = resolveSigning({ format: 'ssh', key: keyFile });
    const result = await ws.publish({ author: AUTHOR, committer: COMMITTER, signing, apply: bump('2') });
    expect(result.pushed).toBe(true);
    expect(await verify('origin/main')).toMatch(/Good "git" signature for robot@imagebump\.test with ED25519 key/);
    const [head] = await remote.log('main');
    expect(head).toMatchObject({ authorName: AUTHOR.name, authorEmail: AUTHOR.email, committerName: COMMITTER.name, committerEmail: COMMITTER.email });
    await ws.dispose();
  });

  it('signs pull request branches too, with a key held in an environment variable', async () => {
    const key = await readFile(keyFile, 'utf8');
    const signing = resolveSigning({ format: 'ssh', key: { env: 'SIGNING_KEY' } }, { SIGNING_KEY: key.trimEnd() })!;
    expect((await stat(signing.key)).mode & 0o777).toBe(0o600);
    const ws = await cloneWorkspace({ url: remote.url, branch: 'main', dir: path.join(tmp, 'ws-2') });
    const result = await ws.publishBranch({ branch: 'imagebump/main/all', author: AUTHOR, committer: COMMITTER, signing, apply: bump('3') });
    expect(result.outcome).toBe('pushed');
    expect(await verify('origin/imagebump/main/all')).toMatch(/Good "git" signature for robot@imagebump\.test/);
    await ws.dispose();
  });

  it('refuses to go on unsigned when the key is unusable', async () => {
    const ws = await cloneWorkspace({ url: remote.url, branch: 'main', dir: path.join(tmp, 'ws-3') });
    const before = await remote.log('main');
    const signing = { format: 'ssh' as const, key: path.join(tmp, 'missing-key') };
    await expect(ws.publish({ author: AUTHOR, signing, apply: bump('4') })).rejects.toThrow(/sign/i);
    expect(await remote.log('main')).toEqual(before);
    expect(await git(['status', '--porcelain'], ws.dir)).toBe('');
    await ws.dispose();
  });
});
