import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { assertAllOrNothing, assertConverges, reset, type CrashWorld } from './crash-harness.js';
import { kill, seeded, warmCli, type WarmCli } from './crash-process.js';

export interface Campaign {
  /** Seconds from the first request to the remote to the exit of an uninterrupted cycle. */
  cycleSeconds: number;
  /** Seconds from the push's arrival at the remote to the exit: where the aimed kills land. */
  publishSeconds: number;
  phases: Record<string, number>;
  outcomes: Record<'nothing' | 'all', number>;
  /** Checkouts the killed processes left in the workdir (removed by the next start of a daemon). */
  leftovers: number;
}

interface Timing {
  cycleMs: number;
  publishMs: number;
}

/**
 * Kills a cycle `kills` times: the first half at points spread evenly (with seeded jitter) over the
 * whole cycle, the second half at seeded points of its publish step (from the push reaching the remote
 * to the exit), where a crash could tear a change apart. Half the kills take the process group. After
 * each, the remote must hold all of the cycle or nothing, and the next run must converge.
 */
export async function campaign(w: CrashWorld, kills: number, seed: number): Promise<Campaign> {
  const random = seeded(seed);
  const args = ['once', '--config', w.config, '--log-level', 'silent'];
  const pool = warmPool({ CRASH_FORGE_TOKEN: w.forge?.token ?? '' });
  try {
    const timing = await measure(w, pool, args);
    const result: Campaign = { cycleSeconds: timing.cycleMs / 1000, publishSeconds: timing.publishMs / 1000, phases: {}, outcomes: { nothing: 0, all: 0 }, leftovers: 0 };
    const spread = Math.ceil(kills / 2);
    for (let i = 0; i < kills; i++) {
      await reset(w);
      const cli = pool.take();
      await cli.ready;
      cli.go(args);
      const exitedFirst = i < spread
        ? await after(cli, firstRequest(w, cli), ((i + random()) / spread) * timing.cycleMs)
        : await after(cli, pushArrived(w, cli), random() * timing.publishMs);
      await kill(cli, i % 2 === 0);
      pool.refill();
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
    await pool.close();
  }
}

/** Waits for the event, then `delayMs` more; true when the CLI exited first (the kill came too late). */
async function after(cli: WarmCli, event: Promise<unknown>, delayMs: number): Promise<boolean> {
  const exited = cli.exited.then(() => true as const);
  if (await Promise.race([event.then(() => false as const), exited])) return true;
  return Promise.race([exited, new Promise<false>((ok) => setTimeout(() => ok(false), delayMs))]);
}

/**
 * Keeps one CLI loaded ahead, started when the last one was taken: its start-up overlaps the checks of
 * the last kill, not the cycle being killed (two starting at once would slow that cycle down).
 */
function warmPool(env: NodeJS.ProcessEnv) {
  let next: WarmCli | undefined = warmCli(env);
  return {
    take(): WarmCli {
      const taken = next ?? warmCli(env);
      next = undefined;
      return taken;
    },
    refill(): void {
      next ??= warmCli(env);
    },
    close: async () => {
      if (next) await kill(next, true);
    },
  };
}

async function measure(w: CrashWorld, pool: ReturnType<typeof warmPool>, args: string[]): Promise<Timing> {
  const cli = pool.take();
  await reset(w);
  await cli.ready;
  cli.go(args);
  const started = await firstRequest(w, cli);
  const pushed = await pushArrived(w, cli);
  expect(await cli.exited, cli.output()).toBe(0);
  const ended = performance.now();
  pool.refill();
  await assertConverges(w);
  return { cycleMs: ended - started, publishMs: ended - pushed };
}

/** Resolves when the cycle's first request reaches the Git remote: where the spread kills start counting. */
function firstRequest(w: CrashWorld, cli: WarmCli): Promise<number> {
  return until(cli, () => w.http.requests.length > 0);
}

/** Resolves when the push reaches the remote (it never does when the CLI exits first). */
function pushArrived(w: CrashWorld, cli: WarmCli): Promise<number> {
  return until(cli, () => w.http.requests.some((r) => r.method === 'POST' && r.path.endsWith('/git-receive-pack')));
}

async function until(cli: WarmCli, condition: () => boolean): Promise<number> {
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
