// Soak: back-to-back daemon cycles in one process, sampling the heap (after a full GC), open file
// descriptors and live handles, to show they stay flat. Needs --expose-gc:
//
//   node --expose-gc --import tsx bench/soak.ts [--cycles 1000] [--every 50] [--git http|file] [--json]
//
// The cycles are what `imagebump run` does on a schedule: the kept clone is fetched (over smart HTTP
// with a token, or with `--git file` from a path, which costs this process the same and the machine
// less), two registries' tags are listed (one with Basic auth), metrics and logs are recorded. Mostly
// steady state (nothing to change); every 100 cycles a new tag is pushed, so a commit is made.
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDeps } from '../src/commands/deps.js';
import { loadConfig } from '../src/config/load-config.js';
import type { Config } from '../src/config/types.js';
import { createCycleJob } from '../src/daemon/cycle-job.js';
import { ScanBook } from '../src/daemon/scan-book.js';
import { createLogger } from '../src/log/logger.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { envRepoFiles } from '../test/helpers/env-repo.js';
import { startGitHttp, type GitHttpServer } from '../test/helpers/git-http.js';
import { createBareRemote, type BareRemote } from '../test/helpers/git-repo.js';
import { pushImage } from '../test/helpers/push-image.js';
import { startRegistry, TEST_USER, type TestRegistry } from '../test/helpers/registry.js';

export interface Sample {
  cycle: number;
  heapMB: number;
  rssMB: number;
  fds: number;
  handles: number;
}

export interface SoakResult {
  cycles: number;
  seconds: number;
  /** Median and 95th percentile of a cycle's wall time, ms. */
  cycleMs: { p50: number; p95: number };
  commits: number;
  failed: number;
  samples: Sample[];
}

const gc = (globalThis as { gc?: () => void }).gc;

async function sample(cycle: number): Promise<Sample> {
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((ok) => setImmediate(ok));
  }
  const mem = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const fds = (await readdir('/proc/self/fd')).length;
  return { cycle, heapMB: mb(mem.heapUsed), rssMB: mb(mem.rss), fds, handles: process.getActiveResourcesInfo().length };
}

interface SoakWorld {
  plain: TestRegistry;
  remote: BareRemote;
  http: GitHttpServer;
  config: Config;
  cleanup(): Promise<void>;
}

/** Two registries (one with Basic auth), a remote behind smart HTTP with a token, and the config. */
async function soakWorld(transport: 'http' | 'file'): Promise<SoakWorld> {
  const [plain, basic] = await Promise.all([startRegistry(), startRegistry({ htpasswd: TEST_USER.htpasswd })]);
  await pushImage(plain.url, 'acme/web', '1.0.0');
  await pushImage(basic.url, 'acme/api', '100', { auth: TEST_USER });
  const files = envRepoFiles(plain.host);
  files['apps/api.yaml'] = files['apps/api.yaml']!.replaceAll(plain.host, basic.host);
  files['policies/api.yaml'] = files['policies/api.yaml']!.replaceAll(plain.host, basic.host);
  const remote = await createBareRemote(files);
  const http = await startGitHttp({ root: dirname(remote.dir), users: { 'x-access-token': 'soak-token-1234' } });
  const work = await mkdtemp(join(tmpdir(), 'imagebump-soak-'));
  const cleanup = async () => {
    await http.stop();
    await Promise.all([plain.stop(), basic.stop(), remote.cleanup(), rm(work, { recursive: true, force: true })]);
  };
  Object.assign(process.env, { SOAK_GIT_TOKEN: 'soak-token-1234', SOAK_REGISTRY_PASSWORD: TEST_USER.password });
  const file = join(work, 'imagebump.yaml');
  const repo = transport === 'http' ? `${http.url}/${basename(remote.dir)}\n  credentials: { password: { env: SOAK_GIT_TOKEN } }` : remote.url;
  await writeFile(file, [`repo:\n  url: ${repo}`, 'policies: [policies]', 'paths: [apps]', 'dockerConfig: []', `workdir: ${join(work, 'wd')}`,
    `registries:\n  - host: ${basic.host}\n    credentials: { username: ${TEST_USER.username}, password: { env: SOAK_REGISTRY_PASSWORD } }`].join('\n') + '\n');
  const { config, problems } = await loadConfig(file);
  if (!config) {
    await cleanup();
    throw new Error(JSON.stringify(problems));
  }
  return { plain, remote, http, config, cleanup };
}

export async function soak(cycles: number, every: number, transport: 'http' | 'file' = 'http'): Promise<SoakResult> {
  const w = await soakWorld(transport);
  try {
    const log = createLogger('info', { write: () => true });
    const deps = createDeps(w.config, log, { keepClone: true });
    const metrics = createMetrics();
    const job = createCycleJob({ config: w.config, deps, book: new ScanBook([]), metrics, health: { startedAt: Date.now(), stopping: false }, log });
    const samples: Sample[] = [];
    const times: number[] = [];
    const started = performance.now();
    for (let cycle = 1; cycle <= cycles; cycle++) {
      if (cycle % 100 === 1) await pushImage(w.plain.url, 'acme/web', `1.${Math.floor(cycle / 100) + 1}.0`);
      const t = performance.now();
      await job([{ kind: 'schedule' }], new AbortController().signal);
      times.push(performance.now() - t);
      w.http.requests.length = 0; // the test server's own record, not imagebump's memory
      if (cycle === 1 || cycle % every === 0) samples.push(await sample(cycle));
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const counts = await metrics.registry.getSingleMetricAsString('imagebump_cycles_total');
    const failed = [...counts.matchAll(/outcome="(failed|problems|abandoned)"[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
    (deps.registry as { close?: () => void }).close?.();
    return { cycles, seconds, cycleMs: percentiles(times), commits: (await w.remote.log('main')).length - 1, failed, samples };
  } finally {
    await w.cleanup();
  }
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { p50: at(0.5), p95: at(0.95) };
}

function report(r: SoakResult): string {
  const rows = r.samples.map((s) => `| ${s.cycle} | ${s.heapMB} | ${s.rssMB} | ${s.fds} | ${s.handles} |`);
  return [`${r.cycles} cycles in ${r.seconds} s (p50 ${r.cycleMs.p50} ms, p95 ${r.cycleMs.p95} ms), ${r.commits} commits, ${r.failed} failed`, '',
    '| cycle | heap MB (after GC) | RSS MB | open fds | handles |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const options = { cycles: { type: 'string', default: '1000' }, every: { type: 'string', default: '50' }, git: { type: 'string', default: 'http' }, json: { type: 'boolean', default: false } } as const;
  const { values } = parseArgs({ options });
  const result = await soak(Number(values.cycles), Number(values.every), values.git === 'file' ? 'file' : 'http');
  console.log(values.json ? JSON.stringify(result) : report(result));
}
