import { describe, expect, it } from 'vitest';
import { Debouncer, type Clock } from '../../../src/daemon/debounce.js';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((x, y) => x.at - y.at);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      now = next.at;
      next.fn();
    }
    now = until;
  };
  return { clock, advance };
}

describe('Debouncer', () => {
  it('hands over a burst as one batch once it goes quiet', () => {
    const { clock, advance } = manualClock();
    const batches: number[][] = [];
    const d = new Debouncer<number>((items) => batches.push(items), { quietMs: 500, maxDelayMs: 5_000 }, clock);
    d.push(1);
    advance(300);
    d.push(2);
    advance(300);
    d.push(3);
    expect(batches).toEqual([]);
    advance(500);
    expect(batches).toEqual([[1, 2, 3]]);
    d.push(4);
    advance(500);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fires at maxDelay after the first item however busy the burst', () => {
    const { clock, advance } = manualClock();
    const batches: number[][] = [];
    const d = new Debouncer<number>((items) => batches.push(items), { quietMs: 500, maxDelayMs: 1_000 }, clock);
    for (let i = 0; i < 10; i++) {
      d.push(i);
      advance(200);
    }
    expect(batches[0]).toEqual([0, 1, 2, 3, 4]);
    expect(batches.flat()).toHaveLength(10 - d.size);
  });

  it('drops what it holds on cancel', () => {
    const { clock, advance } = manualClock();
    const batches: number[][] = [];
    const d = new Debouncer<number>((items) => batches.push(items), { quietMs: 100, maxDelayMs: 1_000 }, clock);
    d.push(1);
    d.cancel();
    advance(1_000);
    expect(batches).toEqual([]);
  });
});
