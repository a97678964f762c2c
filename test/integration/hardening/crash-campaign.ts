import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { assertAllOrNothing, assertConverges, reset, type CrashWorld } from './crash-harness.js';
import { kill, seeded, startCli, type CliProcess } from './crash-process.js';

export interface Campaign {
  /** Seconds from the first request to the remote to the exit of an uninterrupted cycle. */
  cycleSeconds: number;
  /** Requests the servers (Git, registry, forge) saw in an uninterrupted cycle: the anchors of the kills. */
  events: number;
  phases: Record<string, number>;
  outcomes: Record<'nothing' | 'all', number>;
  /** Checkouts the killed processes left in the workdir and the runs after them did not remove. */
  leftovers: number;
}

/** When an uninterrupted cycle's servers saw their n-th request, and when it exited; ms from the first. */
interface Timeline {
  marks: number[];
  exit: number;
}

/**
 * Kills a cycle `kills` times at seeded points spread over it. Time alone is a poor guide on a busy
 * machine (a cycle takes twice as long one run as the next), so the points are anchored to what the
 * servers see: an uninterrupted cycle's requests (to the Git remote, the registry and the forge) cut it
 * into segments, the kills are spread evenly over the segments, each at a seeded fraction of its
 * segment's length after the request that opens it. Half the kills take the process group. After
 * each, the remote must hold all of the cycle or nothing, and the next run must converge.
 */
export async function campaign(w: CrashWorld, cliJs: string, kills: number, seed: number): Promise<Campaign> {
  const random = seeded(seed);
  const start = () => startCli(cliJs, ['once', '--config', w.config, '--log-level', 'silent']);
  const cli = { current: undefined as CliProcess | undefined };
  try {
    const timeline = await measure(w, start);
    const segments = timeline.marks.length;
    const result: Campaign = { cycleSeconds: timeline.exit / 1000, events: segments, phases: {}, outcomes: { nothing: 0, all: 0 }, leftovers: 0 };
    for (let i = 0; i < kills; i++) {
      await reset(w);
      const run = (cli.current = start());
      const segment = Math.floor(((i + random()) / kills) * segments);
      const length = (timeline.marks[segment + 1] ?? timeline.exit) - timeline.marks[segment]!;
      const exitedFirst = await after(run, until(run, () => events(w) > segment), random() * length);
      await kill(run, i % 2 === 0);
      const phase = phaseOf(w, exitedFirst);
      result.phases[phase] = (result.phases[phase] ?? 0) + 1;
      result.outcomes[await assertAllOrNothing(w)] += 1;
      // A cycle killed before it wrote anything left the remote as reset() made it, a state every
      // other iteration starts from; the next run only has something to prove after a write began.
      if (wroteAnything(w)) await assertConverges(w);
    }
    // Once converged, runs after it change nothing: no second commit, no second pull request.
    await assertConverges(w, 2);
    result.leftovers = (await readdir(join(w.work, 'wd')).catch(() => [])).length;
    return result;
  } finally {
    if (cli.current) await kill(cli.current, true);
  }
}

/** Requests the servers have seen since the last reset. */
function events(w: CrashWorld): number {
  return w.http.requests.length + w.registryProxy.requests.length + (w.forge?.requests.length ?? 0);
}

/** Waits for the event, then `delayMs` more; true when the CLI exited first (the kill came too late). */
async function after(cli: CliProcess, event: Promise<unknown>, delayMs: number): Promise<boolean> {
  const exited = cli.exited.then(() => true as const);
  if (await Promise.race([event.then(() => false as const), exited])) return true;
  return Promise.race([exited, new Promise<false>((ok) => setTimeout(() => ok(false), delayMs))]);
}

async function measure(w: CrashWorld, start: () => CliProcess): Promise<Timeline> {
  await reset(w);
  const cli = start();
  const marks: number[] = [];
  let done = false;
  void cli.exited.then(() => (done = true));
  while (!done) {
    const now = performance.now();
    while (marks.length < events(w)) marks.push(now);
    await new Promise((ok) => setTimeout(ok, 1));
  }
  expect(cli.child.exitCode, cli.output()).toBe(0);
  const exit = performance.now() - marks[0]!;
  await assertConverges(w);
  return { marks: marks.map((m) => m - marks[0]!), exit };
}

async function until(cli: CliProcess, condition: () => boolean): Promise<number> {
  while (!condition()) {
    if (cli.child.exitCode !== null || cli.child.signalCode !== null) return new Promise(() => undefined);
    await new Promise((ok) => setTimeout(ok, 1));
  }
  return performance.now();
}

function wroteAnything(w: CrashWorld): boolean {
  return w.http.requests.some((r) => r.path.endsWith('/git-receive-pack')) || (w.forge?.writes().length ?? 0) > 0;
}

/** Where the cycle was when it died, from what the servers saw. */
function phaseOf(w: CrashWorld, exitedFirst: boolean): string {
  if (exitedFirst) return 'finished';
  const push = w.http.requests.find((r) => r.method === 'POST' && r.path.endsWith('/git-receive-pack'));
  const opened = w.forge?.requests.some((r) => r.method === 'POST' && r.path.endsWith('/pulls'));
  if (opened) return 'after the pull request was opened';
  if (push?.finished) return 'after the push';
  if (push) return 'during the push';
  return w.http.requests.some((r) => r.path.endsWith('/git-upload-pack')) ? 'after the clone began' : 'before the clone';
}
