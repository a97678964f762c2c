import { rm } from 'node:fs/promises';
import type { TestRegistry } from '../../test/helpers/registry.js';
import { outputPrefix, runMeasured, type ChildRun } from '../measure/child.js';
import type { GitTrace } from '../measure/git-trace.js';
import { logOffset, requestsSince } from '../measure/registry-log.js';
import { medianSample } from '../report/stats.js';
import type { Check, Sample, ScenarioResult } from './types.js';

/** What every scenario measures with. */
export interface Bench {
  registry: TestRegistry;
  gitTrace: GitTrace;
  /** Scratch directory for process output. */
  outDir: string;
  timeoutMs: number;
}

export interface Invocation {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface MeasuredRun {
  sample: Sample;
  child: ChildRun;
}

let sequence = 0;

/** Runs one process and counts, around it, the registry requests and git commands it caused. */
export async function measure(bench: Bench, run: Invocation): Promise<MeasuredRun> {
  const prefix = outputPrefix(bench.outDir, `${++sequence}-${run.label}`);
  const gitLog = `${prefix}.git`;
  const env = { ...process.env, ...run.env, ...bench.gitTrace.env(gitLog) };
  // tsx (which runs this harness) must not leak its loader into the processes measured.
  delete env.NODE_OPTIONS;
  const offset = await logOffset(bench.registry.logFile);
  const child = await runMeasured({ command: run.command, args: run.args, cwd: run.cwd, env, outputPrefix: prefix, timeoutMs: bench.timeoutMs });
  const requests = await requestsSince(bench.registry.logFile, offset);
  const git = await bench.gitTrace.read(gitLog);
  await rm(gitLog, { force: true });
  await rm(`${gitLog}.trace2`, { force: true });
  const sample: Sample = { wallMs: child.wallMs, cpuMs: child.cpuMs, peakRssMiB: child.peakRssMiB, requests, git, exitCode: child.exitCode };
  return { sample, child };
}

/** Assembles a scenario's result from its cold run and warm runs. */
export function scenarioResult(name: string, description: string, samples: Sample[], checks: Check[], notes?: Record<string, unknown>): ScenarioResult {
  const [cold, ...warm] = samples;
  if (!cold) throw new Error(`${name}: no runs`);
  return { name, description, cold, warm, median: medianSample(warm.length > 0 ? warm : [cold]), checks, notes };
}

export function check(what: string, ok: boolean, detail?: string): Check {
  return detail === undefined ? { what, ok } : { what, ok, detail };
}
