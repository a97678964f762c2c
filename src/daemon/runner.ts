/**
 * Runs cycles one at a time: a trigger that arrives while a cycle runs is coalesced into one
 * follow-up run rather than a second concurrent cycle, so a burst of triggers costs at most two cycles.
 */
export class CycleRunner {
  private current: Promise<void> | undefined;
  private pending = false;
  private stopped = false;

  constructor(private readonly cycle: (reason: string) => Promise<void>) {}

  /** 'started', 'queued' (one follow-up after the running cycle) or 'stopped'. */
  trigger(reason: string): 'started' | 'queued' | 'stopped' {
    if (this.stopped) return 'stopped';
    if (this.current) {
      this.pending = true;
      return 'queued';
    }
    this.current = this.loop(reason);
    return 'started';
  }

  private async loop(reason: string): Promise<void> {
    let why = reason;
    try {
      for (;;) {
        await this.cycle(why).catch(() => undefined);
        if (!this.pending || this.stopped) return;
        this.pending = false;
        why = 'queued';
      }
    } finally {
      this.current = undefined;
    }
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Takes no new work; resolves true when the cycle in flight finished within `graceMs`. */
  async stop(graceMs: number): Promise<boolean> {
    this.stopped = true;
    this.pending = false;
    if (!this.current) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((ok) => (timer = setTimeout(() => ok(false), graceMs)));
    const done = await Promise.race([this.current.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }
}
