import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { policy } from '../../helpers/env-repo.js';
import { startGitHubFake } from '../../helpers/forge-fake/github.js';
import type { ForgeFake } from '../../helpers/forge-fake/server.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { startTokenServer, type TokenServer } from '../../helpers/token-server.js';

/** Canary values, one per kind of secret imagebump handles. None may show up anywhere. */
export const CANARY = {
  gitToken: 'canary-git-token-a91c3e7d',
  registryPassword: 'canary-registry-pass-5e1f0c',
  realmPassword: 'canary-realm-pass-77b2d4f1',
  forgeToken: 'canary-forge-token-c0ffee11',
  hookToken: 'canary-hook-token-4d2a9b60',
  hookHmacKey: 'canary-hook-hmac-key-0e6f13',
  githubHmacKey: 'canary-github-hmac-key-52aa',
  hubPath: 'canary-hub-path-b8e5a7c3',
  wrongGitToken: 'canary-wrong-git-token-18d0',
} as const;

export const REGISTRY_USER = 'ci-reader';
const GIT_USER = 'x-access-token';
// bcrypt of CANARY.registryPassword (htpasswd accepts bcrypt only; made once with libxcrypt, cost 5).
const HTPASSWD = `${REGISTRY_USER}:$2b$05$yxSicW4QC.JOiC7lWk8YF.HRkGIRYeoxoftefImhGQuyij5Y8O1sm\n`;

/** Every form a secret could leak in: as is, base64, URL-encoded, and inside a Basic header. */
export function leakForms(): string[] {
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
  const forms = Object.values(CANARY).flatMap((s) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]);
  return [...forms, basic(GIT_USER, CANARY.gitToken), basic(GIT_USER, CANARY.wrongGitToken), basic(REGISTRY_USER, CANARY.registryPassword),
    basic(REGISTRY_USER, CANARY.realmPassword)];
}

export const ENV = {
  T_GIT_TOKEN: CANARY.gitToken,
  T_REGISTRY_PASSWORD: CANARY.registryPassword,
  T_REALM_PASSWORD: CANARY.realmPassword,
  T_FORGE_TOKEN: CANARY.forgeToken,
  T_HOOK_TOKEN: CANARY.hookToken,
  T_HOOK_HMAC: CANARY.hookHmacKey,
  T_GITHUB_HMAC: CANARY.githubHmacKey,
  T_HUB_PATH: CANARY.hubPath,
  // Everything that logs through `debug` (simple-git prints each git child's environment).
  DEBUG: '*',
};

export interface SecretsWorld {
  basic: TestRegistry;
  tokens: TokenServer;
  bearer: TestRegistry;
  commitRemote: BareRemote;
  prRemote: BareRemote;
  gitHttp: GitHttpServer[];
  forge: ForgeFake;
  work: string;
  configs: { commit: string; pr: string; daemon: string };
  cleanup(): Promise<void>;
}

/**
 * Two registries (htpasswd Basic auth; a token server with its own password), two remotes behind
 * smart HTTP with a token (one for commits, one for pull requests through a fake GitHub), and configs
 * that name every secret through the environment.
 */
export async function secretsWorld(): Promise<SecretsWorld> {
  const basic = await startRegistry({ htpasswd: HTPASSWD });
  const tokens = await startTokenServer({ users: { [REGISTRY_USER]: CANARY.realmPassword } });
  const bearer = await startRegistry({ token: tokens.registryAuth });
  const auth = { username: REGISTRY_USER, password: CANARY.registryPassword };
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(basic.url, 'acme/web', tag, { auth, annotations: { 'org.opencontainers.image.source': 'https://github.com/acme/web' } });
  const push = tokens.mint([{ type: 'repository', name: 'acme/api', actions: ['pull', 'push'] }]);
  for (const tag of ['100', '200']) await pushImage(bearer.url, 'acme/api', tag, { auth: { bearer: push } });
  const files = envFiles(basic.host, bearer.host);
  const [commitRemote, prRemote] = await Promise.all([createBareRemote(files), createBareRemote(files)]);
  const users = { [GIT_USER]: CANARY.gitToken };
  const gitHttp = await Promise.all([commitRemote, prRemote].map((r) => startGitHttp({ root: dirname(r.dir), users })));
  const forge = await startGitHubFake({ token: CANARY.forgeToken });
  const work = await mkdtemp(join(tmpdir(), 'imagebump-secrets-'));
  const url = (i: number, r: BareRemote) => `${gitHttp[i]!.url}/${basename(r.dir)}`;
  const common = (repoLine: string) => [repoLine, '  credentials:\n    password: { env: T_GIT_TOKEN }', 'policies: [policies]\npaths: [apps]',
    'registries:', `  - host: ${basic.host}\n    credentials: { username: ${REGISTRY_USER}, password: { env: T_REGISTRY_PASSWORD } }`,
    `  - host: ${bearer.host}\n    credentials: { username: ${REGISTRY_USER}, password: { env: T_REALM_PASSWORD } }`,
    'dockerConfig: []', 'commit:\n  author: { name: Bump Bot, email: bump@example.test }'];
  const write = async (name: string, lines: string[]) => {
    const file = join(work, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    return file;
  };
  const configs = {
    commit: await write('commit.yaml', common(`repo:\n  url: ${url(0, commitRemote)}`)),
    pr: await write('pr.yaml', [...common(`repo:\n  url: ${url(1, prRemote)}\n  write: pull-request`),
      `forge: { type: github, url: ${JSON.stringify(forge.url)}, project: acme/env, token: { env: T_FORGE_TOKEN } }`,
      'pullRequest: { labels: [dependencies] }']),
    daemon: await write('daemon.yaml', [...common(`repo:\n  url: ${url(0, commitRemote)}`), 'schedule: "0 0 1 1 *"', `workdir: ${join(work, 'wd')}`,
      'server:\n  listen: 127.0.0.1:0\n  webhooks:\n    debounce: 100ms', '    distribution: { token: { env: T_HOOK_TOKEN } }',
      '    generic: { secret: { env: T_HOOK_HMAC } }', '    github: { secret: { env: T_GITHUB_HMAC } }', '    dockerhub: { pathSecret: { env: T_HUB_PATH } }']),
  };
  return {
    basic, tokens, bearer, commitRemote, prRemote, gitHttp, forge, work, configs,
    async cleanup() {
      await Promise.all([...gitHttp.map((g) => g.stop()), forge.stop(), basic.stop(), bearer.stop(), tokens.stop()]);
      await Promise.all([commitRemote.cleanup(), prRemote.cleanup(), rm(work, { recursive: true, force: true })]);
    },
  };
}

function envFiles(basicHost: string, bearerHost: string): Record<string, string> {
  return {
    'policies/web.yaml': policy('web', `${basicHost}/acme/web`, 'semver:\n  range: ">=1.0.0 <2.0.0"', '  sourceAnnotations: true\n'),
    'policies/api.yaml': policy('api', `${bearerHost}/acme/api`, 'numerical: {}'),
    'apps/web.yaml': `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${basicHost}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
    'apps/api.yaml': `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${bearerHost}/acme/api:100 # {"$imagepolicy": "apps:api"}\n`,
  };
}

/** Every object of a repository (all refs, all commits, trees and blobs) as text. */
export async function everyObject(bareDir: string): Promise<string> {
  const refs = await git(['for-each-ref', '--format=%(refname) %(objectname)'], bareDir);
  const objects = await git(['cat-file', '--batch-all-objects', '--batch'], bareDir);
  return `${refs}\n${objects}`;
}

/** The contents of every file under a directory (the kept clone, its .git included). */
export async function everyFile(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'latin1')));
  return texts.join('\n');
}
