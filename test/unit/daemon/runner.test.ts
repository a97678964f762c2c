import { describe, expect, it } from 'vitest';
import { CycleAbandoned, CycleRunner } from '../../../src/daemon/runner.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((ok) => (open = ok));
  return { opened, open };
}

describe('CycleRunner', () => {
  it('never runs two cycles at once and merges triggers that arrive meanwhile into one follow-up', async () => {
    const batches: string[][] = [];
    let running = 0;
    let most = 0;
    const first = gate();
    const runner = new CycleRunner<string>(async (triggers) => {
      running++;
      most = Math.max(most, running);
      batches.push(triggers);
      if (batches.length === 1) await first.opened;
      running--;
    }, { deadlineMs: 10_000 });
    expect(runner.trigger('start')).toBe('started');
    expect(runner.trigger('a')).toBe('queued');
    expect(runner.trigger('b')).toBe('queued');
    first.open();
    await runner.idle();
    expect(batches).toEqual([['start'], ['a', 'b']]);
    expect(most).toBe(1);
  });

  it('aborts a cycle at its deadline and waits for it to unwind', async () => {
    let reason: unknown;
    const runner = new CycleRunner<string>((_, signal) => new Promise<void>((ok) => signal.addEventListener('abort', () => {
      reason = signal.reason;
      ok();
    })), { deadlineMs: 20 });
    runner.trigger('start');
    expect(await runner.stop(5_000)).toBe('finished');
    expect(reason).toBeInstanceOf(CycleAbandoned);
    expect((reason as CycleAbandoned).why).toBe('deadline');
  });

  it('on stop, lets a cycle finish within the grace period, else abandons it for shutdown', async () => {
    const slow = gate();
    const done = new CycleRunner<string>(() => slow.opened, { deadlineMs: 10_000 });
    done.trigger('start');
    setTimeout(slow.open, 10);
    expect(await done.stop(2_000)).toBe('finished');

    let why: string | undefined;
    const stuck = new CycleRunner<string>((_, signal) => new Promise<void>((ok) => signal.addEventListener('abort', () => {
      why = (signal.reason as CycleAbandoned).why;
      ok();
    })), { deadlineMs: 10_000, settleMs: 1_000 });
    stuck.trigger('start');
    expect(await stuck.stop(10)).toBe('abandoned');
    expect(why).toBe('shutdown');
    expect(stuck.trigger('late')).toBe('stopped');
    expect(await new CycleRunner<string>(async () => undefined, { deadlineMs: 1 }).stop(1)).toBe('idle');
  });

  it('survives a cycle that throws', async () => {
    const seen: string[] = [];
    const runner = new CycleRunner<string>(async (t) => {
      seen.push(...t);
      throw new Error('boom');
    }, { deadlineMs: 1_000 });
    runner.trigger('one');
    await runner.stop(1_000);
    const again = new CycleRunner<string>(async (t) => void seen.push(...t), { deadlineMs: 1_000 });
    again.trigger('two');
    await again.stop(1_000);
    expect(seen).toEqual(['one', 'two']);
  });
});
