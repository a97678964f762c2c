/** What the probes judge, kept by the daemon. */
export interface HealthState {
  /** When the last cycle completed (published, or found nothing to do), epoch ms. */
  lastCompletedAt?: number;
  startedAt: number;
  stopping: boolean;
}

export interface Readiness {
  ready: boolean;
  reason: string;
}

/**
 * /readyz: the config is loaded (the process would not be running otherwise) and a cycle completed
 * recently enough. A daemon whose cycles keep failing, or hang, turns not-ready after `maxAgeMs`.
 */
export function readiness(state: HealthState, now: number, maxAgeMs: number): Readiness {
  if (state.stopping) return { ready: false, reason: 'shutting down' };
  if (state.lastCompletedAt === undefined) return { ready: false, reason: 'no cycle has completed yet' };
  const age = now - state.lastCompletedAt;
  if (age > maxAgeMs) return { ready: false, reason: `the last completed cycle is ${Math.round(age / 1000)}s old (limit ${Math.round(maxAgeMs / 1000)}s)` };
  return { ready: true, reason: `last cycle completed ${Math.round(age / 1000)}s ago` };
}

/**
 * How old the last completed cycle may be: two schedule periods (one may be skipped or slow) plus the
 * deadline of the cycle that may be running now. `periods` are the gaps between upcoming runs.
 */
export function expectedCycleAge(periodsMs: readonly number[], deadlineMs: number): number {
  const period = periodsMs.length ? Math.max(...periodsMs) : 0;
  return 2 * period + deadlineMs;
}
