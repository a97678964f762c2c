/** Per-host request limits: how many requests may be in flight, and how fast they may start. */

/** A counting semaphore; waiters are served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a slot is free; call it exactly once. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) this.active += 1;
    // A released slot is handed straight to the next waiter, so `active` stays as it is.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * A token bucket in its GCRA form: each caller reserves the next start time instead of polling for
 * tokens, so waiting needs one sleep, concurrent callers get consecutive slots, and a test clock that
 * never moves cannot make it spin. `burst` requests may start at once, then one per `1/rate` seconds.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the next request would start if the bucket were empty (the "theoretical arrival time"). */
  private tat = -Infinity;

  constructor(
    requestsPerSecond: number,
    burst: number,
    private readonly now: () => number,
  ) {
    this.intervalMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
    this.toleranceMs = Math.max(0, burst - 1) * this.intervalMs;
  }

  /** Reserves a start slot; returns how many milliseconds to wait before starting (0 = now). */
  reserve(): number {
    if (this.intervalMs === 0) return 0;
    const now = this.now();
    const startAt = Math.max(now, this.tat - this.toleranceMs);
    this.tat = Math.max(this.tat, startAt) + this.intervalMs;
    return startAt - now;
  }
}
