export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DebounceOptions {
  /** Fire once nothing new arrived for this long. */
  quietMs: number;
  /** Fire at the latest this long after the first item, however busy the burst. */
  maxDelayMs: number;
}

/**
 * Collects items (pushed images) and hands them over in one batch when the burst goes quiet, so a CI
 * pipeline that pushes ten tags in a second makes one cycle and one commit.
 */
export class Debouncer<T> {
  private items: T[] = [];
  private firstAt = 0;
  private timer: unknown;

  constructor(
    private readonly fire: (items: T[]) => void,
    private readonly options: DebounceOptions,
    private readonly clock: Clock = realClock,
  ) {}

  push(item: T): void {
    const now = this.clock.now();
    if (this.items.length === 0) this.firstAt = now;
    this.items.push(item);
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const wait = Math.min(this.options.quietMs, Math.max(0, this.firstAt + this.options.maxDelayMs - now));
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Hands over what is collected now (if anything). */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.fire(batch);
  }

  /** Drops what is collected; used at shutdown. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }

  get size(): number {
    return this.items.length;
  }
}
