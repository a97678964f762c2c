import { HostUnavailable } from './errors.js';
import { emptyStats, type HostStats } from './host-stats.js';
import { RateLimiter, Semaphore } from './limits.js';

export interface GateLimits {
  concurrency: number;
  requestsPerSecond: number;
  burst: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** How long a host that hung or dropped connections is left alone before it is tried again. */
export const BREAKER_COOLDOWN_MS = 30_000;

/**
 * Everything one network host's requests pass through: its concurrency slots, its rate, a pause when
 * it answered 429/503 with `Retry-After`, and a breaker opened when a request to it failed the slow
 * way (timeouts, resets) after every retry. Each host has its own gate, so a stuck host only ever
 * makes its own requests wait or fail.
 */
export class HostGate {
  readonly stats: HostStats = emptyStats();
  private readonly slots: Semaphore;
  private readonly rate: RateLimiter;
  private pausedUntil = 0;
  private broken: { until: number; cause: string } | undefined;

  constructor(
    limits: GateLimits,
    private readonly clock: Clock,
  ) {
    this.slots = new Semaphore(limits.concurrency);
    this.rate = new RateLimiter(limits.requestsPerSecond, limits.burst, () => clock.now());
  }

  /**
   * Waits for a slot and the rate, and for a pause no longer than `maxWaitMs`; resolves with the
   * slot's release. Throws HostUnavailable, without waiting, when the breaker is open or the pause is
   * longer than that.
   */
  async enter(maxWaitMs: number): Promise<() => void> {
    this.refuseIfUnavailable(maxWaitMs);
    const paused = this.pausedUntil - this.clock.now();
    if (paused > 0) await this.clock.sleep(paused);
    const release = await this.slots.acquire();
    try {
      // The host may have failed while this request queued for a slot: it is not sent then either.
      this.refuseIfUnavailable(maxWaitMs);
    } catch (err) {
      release();
      throw err;
    }
    const wait = this.rate.reserve();
    if (wait > 0) await this.clock.sleep(wait);
    return release;
  }

  /** Holds every request to this host until `until` (a clock time). Pauses only ever grow. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Opens the breaker: requests fail at once for the cooldown, naming what went wrong. */
  trip(cause: string): void {
    this.broken = { until: this.clock.now() + BREAKER_COOLDOWN_MS, cause };
  }

  /** Any HTTP answer proves the host is reachable again. */
  answered(): void {
    this.broken = undefined;
  }

  private refuseIfUnavailable(maxWaitMs: number): void {
    const now = this.clock.now();
    if (this.broken !== undefined && now < this.broken.until) {
      this.stats.shortCircuited += 1;
      const left = Math.ceil((this.broken.until - now) / 1000);
      throw new HostUnavailable('transient', `not tried: the host failed moments ago (${this.broken.cause}); trying again in ${left} s`);
    }
    const paused = this.pausedUntil - now;
    if (paused > maxWaitMs) {
      this.stats.shortCircuited += 1;
      throw new HostUnavailable('rate-limited', `not tried: the registry asked to wait (Retry-After) ${Math.ceil(paused / 1000)} s more`, paused);
    }
  }
}
