/** Why a cycle's AbortSignal fired: it outlived its deadline, or the process is shutting down. */
export class CycleAbandoned extends Error {
  constructor(readonly why: 'deadline' | 'shutdown') {
    super(why === 'deadline' ? 'the cycle outlived its deadline and was abandoned before publishing' : 'the cycle was abandoned for shutdown before publishing');
    this.name = 'CycleAbandoned';
  }
}

export interface RunnerOptions {
  /** A cycle's signal fires after this long. */
  deadlineMs: number;
  /** After a shutdown abort, how long the cycle may take to reach a checkpoint and unwind. */
  settleMs?: number;
}

export type CycleFn<T> = (triggers: T[], signal: AbortSignal) => Promise<void>;

/** How `stop` left things: nothing was running, the cycle finished in time, or it was abandoned. */
export type StopResult = 'idle' | 'finished' | 'abandoned';

/**
 * Runs cycles one at a time. Triggers that arrive while a cycle runs are merged into one follow-up
 * cycle, so a burst costs at most two. Each cycle gets an AbortSignal that fires at its deadline; the
 * runner still waits for the cycle to unwind before starting the next, so two never overlap.
 */
export class CycleRunner<T> {
  private current: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private pending: T[] = [];
  private stopped = false;

  constructor(
    private readonly cycle: CycleFn<T>,
    private readonly options: RunnerOptions,
  ) {}

  trigger(trigger: T): 'started' | 'queued' | 'stopped' {
    if (this.stopped) return 'stopped';
    if (this.current) {
      this.pending.push(trigger);
      return 'queued';
    }
    this.current = this.loop([trigger]);
    return 'started';
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Resolves when no cycle runs and none is queued. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  private async loop(first: T[]): Promise<void> {
    let batch = first;
    try {
      while (batch.length > 0 && !this.stopped) {
        await this.runOne(batch);
        batch = this.pending.splice(0);
      }
    } finally {
      this.current = undefined;
      this.controller = undefined;
    }
  }

  private async runOne(batch: T[]): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(new CycleAbandoned('deadline')), this.options.deadlineMs);
    try {
      await this.cycle(batch, controller.signal);
    } catch {
      // The cycle function reports its own failures; the loop must survive them.
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes no new work. Waits up to `graceMs` for the cycle in flight; then aborts it (it stops at its
   * next checkpoint, before publishing) and waits up to `settleMs` for it to unwind.
   */
  async stop(graceMs: number): Promise<StopResult> {
    this.stopped = true;
    this.pending = [];
    const running = this.current;
    if (!running) return 'idle';
    if (await settled(running, graceMs)) return 'finished';
    this.controller?.abort(new CycleAbandoned('shutdown'));
    await settled(running, this.options.settleMs ?? 5_000);
    return 'abandoned';
  }
}

async function settled(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((ok) => (timer = setTimeout(() => ok(false), ms)));
  const done = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}
