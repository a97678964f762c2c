import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { once } from '../../../src/commands/once.js';
import { captureOutput } from '../../helpers/cli.js';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { startGitHubFake } from '../../helpers/forge-fake/github.js';
import type { ForgeFake } from '../../helpers/forge-fake/server.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { buildCli } from './crash-cli-build.js';

export type Mode = 'commit' | 'pull-request';
const TOKEN = 'crash-git-token-6e1f';
export const PR_BRANCH = 'imagebump/main/all';
const AUTHOR = { name: 'Bump Bot', email: 'bump@example.test' };

export interface CrashWorld {
  mode: Mode;
  registry: TestRegistry;
  /** A pass-through proxy in front of the registry: the cycle's registry requests are seen there. */
  registryProxy: FaultProxy;
  remote: BareRemote;
  http: GitHttpServer;
  forge?: ForgeFake;
  config: string;
  /** The compiled CLI the killed processes run. */
  cli: string;
  work: string;
  base: string;
  /** The three files the cycle changes, as they must read after it. */
  expected: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function crashWorld(mode: Mode): Promise<CrashWorld> {
  const registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '200']) await pushImage(registry.url, 'acme/api', tag);
  const registryProxy = await startFaultProxy(registry.url);
  const files = envRepoFiles(registryProxy.host);
  const remote = await createBareRemote(files);
  const http = await startGitHttp({ root: dirname(remote.dir), users: { 'x-access-token': TOKEN } });
  const forge = mode === 'pull-request' ? await startGitHubFake() : undefined;
  const work = await mkdtemp(join(tmpdir(), `imagebump-crash-${mode}-`));
  const cli = await buildCli(join(work, 'build'));
  const config = join(work, 'imagebump.yaml');
  await writeFile(config, [
    `repo:\n  url: ${http.url}/${basename(remote.dir)}\n  write: ${mode}\n  credentials: { password: { env: CRASH_GIT_TOKEN } }`,
    'policies: [policies]', 'paths: [apps]', 'dockerConfig: []', `workdir: ${join(work, 'wd')}`,
    `registries: [{ host: "${registryProxy.host}", insecure: true }]`,
    `commit:\n  author: { name: ${AUTHOR.name}, email: ${AUTHOR.email} }`,
    ...(forge ? [`forge: { type: github, url: ${JSON.stringify(forge.url)}, project: acme/env, token: { env: CRASH_FORGE_TOKEN } }`] : []),
  ].join('\n') + '\n');
  process.env.CRASH_GIT_TOKEN = TOKEN;
  if (forge) process.env.CRASH_FORGE_TOKEN = forge.token;
  const expected = {
    'apps/web.yaml': files['apps/web.yaml']!.replace('web:1.0.0', 'web:1.1.0'),
    'apps/values.yaml': files['apps/values.yaml']!.replace('"1.0.0"', '"1.1.0"'),
    'apps/api.yaml': files['apps/api.yaml']!.replace('api:100', 'api:200'),
  };
  const base = (await git(['rev-parse', 'main'], remote.dir)).trim();
  return {
    mode, registry, registryProxy, remote, http, forge, config, cli, work, base, expected,
    async cleanup() {
      await Promise.all([http.stop(), forge?.stop(), registryProxy.stop()]);
      await registry.stop();
      await remote.cleanup();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** Back to the state before the cycle: main at its first commit, no pull request branch or pull request. */
export async function reset(w: CrashWorld): Promise<void> {
  await git(['update-ref', 'refs/heads/main', w.base], w.remote.dir);
  await git(['update-ref', '-d', `refs/heads/${PR_BRANCH}`], w.remote.dir).catch(() => undefined);
  if (w.forge) w.forge.state.pulls.length = 0;
  if (w.forge) w.forge.requests.length = 0;
  w.http.requests.length = 0;
  w.registryProxy.requests.length = 0;
}

/**
 * What the remote holds must be all of the cycle or none of it: the branch (main, or the pull
 * request's) is either where it was or one commit on the base holding exactly the three changes.
 */
export async function assertAllOrNothing(w: CrashWorld): Promise<'nothing' | 'all'> {
  const branch = w.mode === 'commit' ? 'main' : PR_BRANCH;
  if (w.mode === 'pull-request') expect((await git(['rev-parse', 'main'], w.remote.dir)).trim()).toBe(w.base);
  const head = (await git(['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`], w.remote.dir)).trim();
  if (w.forge) expect(w.forge.state.pulls.filter((p) => p.state === 'open').length).toBeLessThanOrEqual(1);
  if (head === '' || head === w.base) {
    if (w.forge) expect(w.forge.state.pulls).toEqual([]);
    return 'nothing';
  }
  await assertOneCommit(w, branch);
  return 'all';
}

async function assertOneCommit(w: CrashWorld, branch: string): Promise<void> {
  const log = await w.remote.log(branch);
  expect(log.length).toBe(2);
  expect(log[1]!.sha).toBe(w.base);
  expect(log[0]!.authorEmail).toBe(AUTHOR.email);
  const changed = (await git(['diff', '--name-only', w.base, branch], w.remote.dir)).trim().split('\n').sort();
  expect(changed).toEqual(Object.keys(w.expected).sort());
  for (const [file, text] of Object.entries(w.expected)) expect(await w.remote.readFile(branch, file)).toBe(text);
}

/** The next `runs` runs converge: one commit, one pull request, never two. */
export async function assertConverges(w: CrashWorld, runs = 1): Promise<void> {
  for (let run = 0; run < runs; run++) {
    const io = captureOutput();
    const code = await once({ config: w.config, logLevel: 'silent' }, io);
    expect(code, io.stdout + io.stderr).toBe(0);
    if (w.mode === 'commit') await assertOneCommit(w, 'main');
    else {
      expect((await git(['rev-parse', 'main'], w.remote.dir)).trim()).toBe(w.base);
      await assertOneCommit(w, PR_BRANCH);
      expect(w.forge!.state.pulls.map((p) => [p.state, p.head])).toEqual([['open', PR_BRANCH]]);
    }
  }
  if (w.forge) expect(w.forge.violations).toEqual([]);
}
