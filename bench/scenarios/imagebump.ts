import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../../test/helpers/git-repo.js';
import { BRANCH, type Fixture } from '../fixture/index.js';
import { REQUESTS_TARGET, withinRequestBudget } from '../report/targets.js';
import { check, measure, scenarioResult, type Bench, type Invocation, type MeasuredRun } from './measured.js';
import type { Check, Sample, ScenarioResult } from './types.js';

export interface ImagebumpOptions {
  /** The built CLI (dist/cli.js). */
  cli: string;
  runs: number;
  /** Directory for a V8 CPU profile of one extra full cycle; none when undefined. */
  profileDir?: string;
}

/**
 * The three runs a user's cycle goes through: `plan` (look-up and rewrite, nothing written), `once`
 * on a repository where every outdated reference changes (look-up, rewrite, commit, push), and `once`
 * again when nothing is new (steady state: no commit, no push). Each starts a fresh process, as cron
 * or a CI job would.
 */
export async function runImagebump(bench: Bench, fixture: Fixture, opts: ImagebumpOptions): Promise<ScenarioResult[]> {
  const invoke = (command: string, label: string, nodeFlags: string[] = []): Invocation => ({
    label, command: process.execPath, cwd: fixture.workdir,
    args: [...nodeFlags, opts.cli, command, '--config', fixture.configPath, '--log-level', 'warn'],
  });
  const runs = 1 + opts.runs;
  const resetRemote = () => git(['update-ref', `refs/heads/${BRANCH}`, fixture.initialCommit], fixture.remoteDir);
  const head = async () => (await git(['rev-parse', `refs/heads/${BRANCH}`], fixture.remoteDir)).trim();

  const firstChecks = (command: 'plan' | 'once') => (run: MeasuredRun) =>
    outcomeChecks(run.child.stdoutFile, run.child.stderrFile, run.sample, fixture, command);
  const plan = await series(bench, runs, invoke('plan', 'plan'), undefined, firstChecks('plan'));
  const once = await series(bench, runs, invoke('once', 'once'), resetRemote, firstChecks('once'));
  if (opts.profileDir) {
    await resetRemote();
    await measure(bench, invoke('once', 'once-profiled', ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`]));
  }

  // The remote now holds the updated tree: a further cycle finds nothing to do.
  const before = await head();
  const steady = (await series(bench, runs, invoke('once', 'steady'))).samples;
  const steadyChecks = [
    check('no commit or push when nothing is new', steady.every((s) => s.git.writes === 0), `git writes: ${steady.map((s) => s.git.writes).join(', ')}`),
    check('remote branch unchanged', (await head()) === before),
    check('exit code 0', steady.every((s) => s.exitCode === 0)),
  ];
  await resetRemote();

  return [
    scenarioResult('imagebump plan', 'look-up + rewrite computed and printed as a diff; nothing written', plan.samples, plan.checks),
    scenarioResult('imagebump once', 'full cycle: clone, look-up, rewrite, commit, push', once.samples, once.checks),
    scenarioResult('imagebump once, nothing new', 'steady state: the same cycle when every reference is current', steady, steadyChecks),
  ];
}

/** `runs` runs of one invocation, each after `before`; the first run's outcome is checked. */
async function series(bench: Bench, runs: number, run: Invocation, before?: () => Promise<unknown>,
  checkFirst?: (run: MeasuredRun) => Promise<Check[]>): Promise<{ samples: Sample[]; checks: Check[] }> {
  const samples: Sample[] = [];
  const checks: Check[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const measured = await measure(bench, run);
    samples.push(measured.sample);
    if (i === 0 && checkFirst) checks.push(...(await checkFirst(measured)));
  }
  return { samples, checks };
}

async function outcomeChecks(stdoutFile: string, stderrFile: string, sample: Sample, fixture: Fixture, command: 'plan' | 'once'): Promise<Check[]> {
  const out = await readFile(stdoutFile, 'utf8');
  const exit = check('exit code 0', sample.exitCode === 0,
    sample.exitCode === 0 ? undefined : `exit ${sample.exitCode}: ${((await readFile(stderrFile, 'utf8')) || out).slice(0, 1500)}`);
  const r = sample.requests;
  const requests = check(REQUESTS_TARGET, withinRequestBudget(r, fixture.expect.repos),
    `${r.total} requests (${r.tagLists} tag lists, ${r.manifestHeads} manifest HEADs, ${r.manifests - r.manifestHeads} manifest GETs), ${fixture.expect.repos} repositories`);
  if (command === 'once') {
    const pushed = /^pushed \S+ \((\d+) change\(s\)/m.exec(out);
    const changes = Number(pushed?.[1] ?? -1);
    return [exit, requests,
      check('every outdated reference changed, in one commit', changes === fixture.expect.changes && sample.git.bySubcommand.commit === 1,
        `${changes} changes (expected ${fixture.expect.changes}), ${sample.git.bySubcommand.commit ?? 0} commit(s)`)];
  }
  const files = (out.match(/^\+\+\+ b\//gm) ?? []).length;
  const changes = Number(/^(\d+) change\(s\):$/m.exec(out)?.[1] ?? -1);
  return [exit, requests, check('the diff covers every outdated reference', files === fixture.expect.changedFiles && changes === fixture.expect.changes,
    `${changes} changes in ${files} files (expected ${fixture.expect.changes} in ${fixture.expect.changedFiles})`)];
}

export const CLI_PATH = (root: string) => join(root, 'dist', 'cli.js');
