import { describe, expect, it } from 'vitest';
import { expectedCycleAge, readiness } from '../../../src/daemon/health.js';

describe('readiness', () => {
  const base = { startedAt: 0, stopping: false };
  it('is not ready before the first completed cycle, nor when the last one is too old, nor while stopping', () => {
    expect(readiness(base, 1_000, 60_000)).toEqual({ ready: false, reason: 'no cycle has completed yet' });
    expect(readiness({ ...base, lastCompletedAt: 1_000 }, 31_000, 60_000)).toEqual({ ready: true, reason: 'last cycle completed 30s ago' });
    expect(readiness({ ...base, lastCompletedAt: 1_000 }, 91_000, 60_000).ready).toBe(false);
    expect(readiness({ ...base, lastCompletedAt: 1_000, stopping: true }, 2_000, 60_000)).toEqual({ ready: false, reason: 'shutting down' });
  });

  it('allows two schedule periods (the longest gap) plus the deadline', () => {
    expect(expectedCycleAge([300_000, 300_000], 600_000)).toBe(1_200_000);
    expect(expectedCycleAge([60_000, 3_600_000], 0)).toBe(7_200_000);
  });
});
