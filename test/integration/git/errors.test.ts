import { describe, expect, it } from 'vitest';
import { remoteAuth, scrub, splitUrlCredentials } from '../../../src/git/auth.js';
import { classifyGitMessage, isRemoteMoved, toGitError } from '../../../src/git/errors.js';
import { GitError, type GitErrorKind } from '../../../src/git/types.js';

// Messages as git 2.39 prints them (see publish.test.ts and http-auth.test.ts for the live ones).
const MESSAGES: Array<[string, GitErrorKind, boolean]> = [
  ["fatal: could not read Username for 'https://example.test': terminal prompts disabled", 'auth', false],
  ["fatal: Authentication failed for 'https://example.test/repo.git/'", 'auth', false],
  ["fatal: unable to access 'https://example.test/r.git/': The requested URL returned error: 403", 'auth', false],
  ['git@example.test: Permission denied (publickey).\nfatal: Could not read from remote repository.', 'auth', false],
  ["fatal: repository 'https://example.test/nothere.git/' not found", 'not-found', false],
  ["fatal: repository '/tmp/nothere' does not exist", 'not-found', false],
  ['fatal: Remote branch nope not found in upstream origin', 'not-found', false],
  ["fatal: couldn't find remote ref refs/heads/gone", 'not-found', false],
  [' ! [rejected]        HEAD -> main (fetch first)\nerror: failed to push some refs', 'rejected', true],
  [' ! [rejected]        HEAD -> main (non-fast-forward)\nerror: failed to push some refs', 'rejected', true],
  [' ! [rejected]        HEAD -> main (stale info)', 'rejected', true],
  [' ! [remote rejected] HEAD -> main (pre-receive hook declined)', 'rejected', false],
  [' ! [remote rejected] HEAD -> main (protected branch hook declined)', 'rejected', false],
  ["fatal: unable to access 'https://x/': Could not resolve host: x", 'transient', false],
  ["fatal: unable to access 'http://127.0.0.1:1/x.git/': Failed to connect to 127.0.0.1 port 1", 'transient', false],
  ['error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502', 'transient', false],
  ['fatal: the remote end hung up unexpectedly\nfatal: early EOF', 'transient', false],
  ["fatal: destination path 'x' already exists and is not an empty directory.", 'local', false],
  ["fatal: 'a..b' is not a valid branch name", 'local', false],
];

describe('classifyGitMessage', () => {
  it.each(MESSAGES)('%j is %s (remote moved: %s)', (message, kind, moved) => {
    expect(classifyGitMessage(message)).toBe(kind);
    expect(isRemoteMoved(message)).toBe(moved);
  });
});

describe('credential scrubbing', () => {
  const password = 'hunter2-Secret!';
  const auth = remoteAuth('https://git.example.test/repo.git', { username: 'bot', password });
  const header = auth.env.GIT_CONFIG_VALUE_0 ?? '';
  const token = header.replace('Authorization: Basic ', '');

  it('puts credentials only in a Basic header passed through the environment', () => {
    expect(auth.env).toMatchObject({
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
    });
    expect(Buffer.from(token, 'base64').toString()).toBe(`bot:${password}`);
    expect(remoteAuth('https://x.test/r.git', { password: 't0k' }).env.GIT_CONFIG_VALUE_0).toBe(
      `Authorization: Basic ${Buffer.from('x-access-token:t0k').toString('base64')}`,
    );
    // ssh and path remotes never get an HTTP header.
    expect(remoteAuth('git@x.test:r.git', { password: 't0k' }).env).not.toHaveProperty('GIT_CONFIG_VALUE_0');
  });

  it.each([
    `fatal: bad header ${header}`,
    `fatal: unable to access 'https://bot:${encodeURIComponent(password)}@git.example.test/repo.git/'`,
    `echoed ${password} and ${token}`,
    `fatal: unable to access 'https://someone:other@host/': 401`,
  ])('removes every form of the secret from %j', (raw) => {
    const err = toGitError(new Error(raw), 'git push', auth.secrets);
    expect(err).toBeInstanceOf(GitError);
    for (const form of [password, encodeURIComponent(password), token, 'other@']) {
      expect(err.message).not.toContain(form);
    }
    expect(err.message).toMatch(/^git push: /);
  });

  it('keeps messages without secrets intact', () => {
    expect(scrub('fatal: repository not found', ['s3cret'])).toBe('fatal: repository not found');
  });

  it('moves URL userinfo into auth', () => {
    expect(splitUrlCredentials('https://bot:p%40ss@host.test/r.git')).toEqual({
      url: 'https://host.test/r.git',
      auth: { username: 'bot', password: 'p@ss' },
    });
    expect(splitUrlCredentials('git@host.test:r.git')).toEqual({ url: 'git@host.test:r.git', auth: undefined });
  });
});
