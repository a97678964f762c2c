import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../src/commands/deps.js';
import { once } from '../../../src/commands/once.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { runCycle } from '../../../src/cycle.js';
import { createLogger } from '../../../src/log/logger.js';
import { captureOutput } from '../../helpers/cli.js';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../../helpers/fault-proxy.js';
import { startGitHttp, type GitHttpServer } from '../../helpers/git-http.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { waitFor } from '../daemon/daemon-process.js';

// The Git remote behind a proxy that breaks smart HTTP in every way a network can. Every git command
// ends by `repo.timeoutSeconds`, the failure names the host and the cause, nothing half-made reaches
// the remote, and the next cycle lands the change exactly once.

const TOKEN = 'faults-git-token-0b1c2d';
let registry: TestRegistry;
let work: string;
const durations: Record<string, number> = {};

beforeAll(async () => {
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '200']) await pushImage(registry.url, 'acme/api', tag);
  work = await mkdtemp(join(tmpdir(), 'imagebump-faults-git-'));
  process.env.FAULTS_GIT_TOKEN = TOKEN;
}, 30_000);

afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
  console.log(`git faults, seconds until the failing cycle ended: ${JSON.stringify(durations)}`);
});

interface Scene {
  remote: BareRemote;
  proxy: FaultProxy;
  config: string;
  run(): Promise<{ code: number; out: string; seconds: number }>;
  stop(): Promise<void>;
}

async function scene(name: string): Promise<Scene> {
  const remote = await createBareRemote(envRepoFiles(registry.host));
  const http: GitHttpServer = await startGitHttp({ root: dirname(remote.dir), users: { 'x-access-token': TOKEN } });
  const proxy = await startFaultProxy(http.url);
  const config = join(work, `${name.replace(/\W+/g, '-')}.yaml`);
  await writeFile(config, [
    `repo:\n  url: ${proxy.url}/${basename(remote.dir)}\n  timeoutSeconds: 1\n  credentials: { password: { env: FAULTS_GIT_TOKEN } }`,
    'policies: [policies]', 'paths: [apps]', 'dockerConfig: []', `workdir: ${join(work, 'wd')}`,
  ].join('\n') + '\n');
  return {
    remote, proxy, config,
    async run() {
      const io = captureOutput();
      const started = performance.now();
      const code = await once({ config, logLevel: 'silent' }, io);
      return { code, out: io.stdout + io.stderr, seconds: Math.round(performance.now() - started) / 1000 };
    },
    async stop() {
      await proxy.stop();
      await http.stop();
      await remote.cleanup();
    },
  };
}

/** Processes (git and its HTTP helper) still talking to this URL, from /proc. */
async function gitProcessesFor(url: string): Promise<string[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const lines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
  return lines.filter((l) => l.includes(url) && l.includes('git'));
}

const CLONE = /\/info\/refs\?service=git-upload-pack$/;
const UPLOAD = /\/git-upload-pack$/;
const RECEIVE = /\/git-receive-pack$/;

const FAULTS: Array<[string, RegExp, Fault, RegExp]> = [
  ['clone: no answer to the ref advertisement', CLONE, { kind: 'hang' }, /git clone \(HOST\): timed out after 1 s \(repo\.timeoutSeconds\)/],
  ['clone: the pack stops half-way', UPLOAD, { kind: 'stall-body' }, /git clone \(HOST\): timed out after 1 s/],
  ['clone: the pack trickles', UPLOAD, { kind: 'slow-body', chunkBytes: 8, everyMs: 200 }, /git clone \(HOST\): timed out after 1 s/],
  ['clone: a 502 from the load balancer', CLONE, { status: 502 }, /git clone \(HOST\): .*returned error: 502/],
  ['clone: the connection is reset', UPLOAD, { kind: 'reset' }, /git clone \(HOST\): .*Empty reply from server/],
  ['clone: the pack is cut short', UPLOAD, { kind: 'truncated-body' }, /git clone \(HOST\): .*(expected|bytes of body)/],
  ['clone: the connection drops mid-pack', UPLOAD, { kind: 'cut' }, /git clone \(HOST\): .*transfer closed/],
  ['push: no answer', RECEIVE, { kind: 'hang' }, /git push \(HOST\): timed out after 1 s/],
  ['push: a 502', RECEIVE, { status: 502 }, /git push \(HOST\): .*502/],
  ['push: the connection is reset', RECEIVE, { kind: 'reset' }, /git push \(HOST\): .*(Empty reply|hung up|RPC failed)/],
];

describe('a Git remote that fails in every way', () => {
  it.each(FAULTS)('%s: exit 3 with host and cause, nothing half-made published, nothing left running', async (name, path, fault, message) => {
    const s = await scene(name);
    try {
      s.proxy.script([{ path, fault }]);
      const failed = await s.run();
      durations[name] = failed.seconds;
      expect(failed.code, failed.out).toBe(3);
      expect(failed.out).toMatch(/^error: git remote unreachable: /m);
      expect(failed.out).toMatch(new RegExp(message.source.replace('HOST', s.proxy.host.replace(/\./g, '\\.'))));
      expect(failed.out).not.toContain(TOKEN);
      expect((await s.remote.log('main')).length).toBe(1);
      // git-remote-http outlives a killed git: curl's low-speed limit must end it soon after.
      await waitFor(async () => (await gitProcessesFor(s.proxy.url)).length === 0, 10_000);

      // A failed clone touched nothing; after a failed push, the next run must land the change once.
      if (path !== RECEIVE) return;
      s.proxy.script([]);
      const healed = await s.run();
      expect(healed.code, healed.out).toBe(0);
      expect((await s.remote.log('main')).length).toBe(2);
      expect(await s.remote.readFile('main', 'apps/web.yaml')).toContain('acme/web:1.1.0');
    } finally {
      await s.stop();
    }
  }, 30_000);

  it('a push the proxy delivers after imagebump gave up lands at most once', async () => {
    const s = await scene('late push');
    try {
      s.proxy.script([{ path: RECEIVE, fault: { kind: 'stall', ms: 2_500 } }]);
      const failed = await s.run();
      expect(failed.code, failed.out).toBe(3);
      expect(failed.out).toMatch(/git push \(.*\): timed out after 1 s/);
      // Whether the late push reached git depends on how far the killed client got: all of it or none.
      await new Promise((ok) => setTimeout(ok, 2_000));
      const after = (await s.remote.log('main')).length;
      expect([1, 2]).toContain(after);
      s.proxy.script([]);
      const next = await s.run();
      expect(next.code, next.out).toBe(0);
      expect(next.out).toMatch(after === 2 ? /nothing to commit/ : /^pushed /m);
      expect((await s.remote.log('main')).length).toBe(2);
    } finally {
      await s.stop();
    }
  }, 30_000);

  it('the daemon\'s fetch into its kept clone times out, names the host, and the next cycle recovers', async () => {
    const s = await scene('kept clone');
    try {
      const { config } = await loadConfig(s.config);
      const log = createLogger('silent');
      const deps = createDeps(config!, log, { keepClone: true });
      const first = await runCycle(config!, deps, { dryRun: true });
      expect(first.changes.length).toBeGreaterThan(0);
      s.proxy.script([{ path: UPLOAD, fault: { kind: 'hang' } }]);
      const err = await runCycle(config!, deps, { dryRun: false }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'transient', message: expect.stringMatching(new RegExp(`git fetch \\(${s.proxy.host}\\): timed out after 1 s`)) });
      s.proxy.script([]);
      const healed = await runCycle(config!, deps, { dryRun: false });
      expect(healed.published?.pushed).toBe(true);
      expect((await s.remote.log('main')).length).toBe(2);
    } finally {
      await s.stop();
    }
  }, 30_000);
});
