/**
 * The benchmark: builds a fixture per size (a real registry, a bare git remote), runs imagebump's
 * cycles and, with --peer, Renovate's look-up on the same fixture, and reports wall time, CPU, registry
 * requests, git commands and peak RSS. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture, type Fixture } from './fixture/index.js';
import { parseBenchArgs, type BenchOptions } from './lib/args.js';
import type { Size } from './lib/sizes.js';
import { assertTimeAvailable } from './measure/child.js';
import { createGitTrace } from './measure/git-trace.js';
import { describeMachine } from './report/machine.js';
import { renderMarkdown } from './report/markdown.js';
import type { BenchResult, SizeResult } from './report/result.js';
import { CLI_PATH, runImagebump } from './scenarios/imagebump.js';
import type { Bench } from './scenarios/measured.js';
import { runRenovate } from './scenarios/renovate.js';
import { ensureRenovate, type RenovatePeer } from './scenarios/renovate-install.js';
import { screenCheck } from './scenarios/screen.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');
const README = join(ROOT, 'bench', 'README.md');
const TIMEOUT_MS = 60 * 60_000;
const log = (text: string) => console.error(`[bench] ${text}`);

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2));
  assertTimeAvailable();
  if (opts.build) build();
  const peers: RenovatePeer[] = [];
  for (const spec of opts.peers) {
    if (!/^renovate(@.+)?$/.test(spec)) throw new Error(`unknown peer ${JSON.stringify(spec)}: only renovate[@VERSION] is supported`);
    peers.push(await ensureRenovate(spec, join(ROOT, 'bench', '.peer')));
  }
  const result: BenchResult = { date: new Date().toISOString(), machine: describeMachine(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, sizes: [] };
  for (const size of opts.sizes) result.sizes.push(await runSize(size, opts, peers));
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, `${result.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(result, null, 2));
  const markdown = renderMarkdown(result);
  if (opts.updateReadme) await updateReadme(markdown);
  process.stdout.write(opts.markdown ? markdown : `${markdown}\nresults: ${file}\n`);
}

async function runSize(size: Size, opts: BenchOptions, peers: readonly RenovatePeer[]): Promise<SizeResult> {
  const root = await mkdtemp(join(os.tmpdir(), `imagebump-bench-${size.name}-`));
  log(`${size.name}: building the fixture (${size.repos} repositories × ${size.tags} tags, ${size.files} files)`);
  const fixture = await buildFixture(size, root, { rateLimited: opts.rateLimited, workdirIn: opts.workdir });
  const stop = onSignal(fixture);
  try {
    log(`${size.name}: fixture ready in ${((fixture.setupMs.registry + fixture.setupMs.repo + fixture.setupMs.checkout) / 1000).toFixed(1)} s; ${(fixture.expect.bytes / 1e6).toFixed(1)} MB of YAML`);
    const binDir = join(root, 'bin');
    await mkdir(binDir);
    const outDir = join(root, 'out');
    await mkdir(outDir);
    const bench: Bench = { registry: fixture.registry, gitTrace: await createGitTrace(binDir), outDir, timeoutMs: TIMEOUT_MS };
    const screen = await screenCheck(fixture);
    log(`${size.name}: ${screen.check.detail}; in-process rewrite ${(screen.rewriteMs / 1000).toFixed(2)} s`);
    const runs = opts.runs ?? size.runs;
    const profileDir = opts.profile ? join(RESULTS, `profile-${size.name}`) : undefined;
    log(`${size.name}: imagebump plan / once / once with nothing new, ${1 + runs} runs each`);
    const scenarios = await runImagebump(bench, fixture, { cli: opts.cli ?? CLI_PATH(ROOT), runs, profileDir });
    for (const peer of peers) {
      const peerRuns = opts.peerRuns ?? (size.name === 'large' ? 0 : Math.min(runs, 3));
      log(`${size.name}: Renovate ${peer.version} look-up, ${1 + peerRuns} run(s)`);
      scenarios.push(await runRenovate(bench, fixture, peer, peerRuns));
    }
    for (const sc of scenarios) for (const c of sc.checks.filter((x) => !x.ok)) log(`CHECK FAILED: ${size.name}: ${sc.name}: ${c.what}: ${c.detail ?? ''}`);
    return { size, expect: fixture.expect, setupMs: fixture.setupMs, rewrite: { ms: screen.rewriteMs, mbPerSecond: screen.mbPerSecond },
      scenarios, screen: screen.check, loadAfter: os.loadavg()[0] ?? 0 };
  } finally {
    stop();
    await fixture.stop();
  }
}

/** Builds dist/ from the current source; type errors in someone's work in progress only warn. */
function build(): void {
  log('npm run build');
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '').split('\n').slice(0, 10).join('\n');
    log(`build reported errors; measuring what tsc emitted:\n${out}`);
  }
}

/** Ctrl-C stops the registry and removes the fixture instead of leaving them behind. */
function onSignal(fixture: Fixture): () => void {
  const handler = () => {
    void fixture.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

async function updateReadme(markdown: string): Promise<void> {
  const text = await readFile(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${README} has no ${START} … ${END} block`);
  await writeFile(README, `${text.slice(0, from + START.length)}\n${markdown}${text.slice(to)}`);
  log(`updated ${README}`);
}

await main();
