import type { CycleReport } from '../cycle.js';
import type { DaemonMetrics } from './metrics.js';

export type CycleOutcome = 'success' | 'problems' | 'failed' | 'abandoned';

export function outcomeOf(report: CycleReport): CycleOutcome {
  return report.problems.some((p) => p.severity === 'error') ? 'problems' : 'success';
}

/** Records one cycle: its outcome and duration always, what it found and did when it got that far. */
export function recordCycle(m: DaemonMetrics, outcome: CycleOutcome, trigger: string, seconds: number, report?: CycleReport, now = Date.now()): void {
  m.cycles.inc({ outcome, trigger });
  m.cycleDuration.observe({ outcome }, seconds);
  if (!report) return;
  m.lastSuccess.set(now / 1000);
  m.updatesFound.inc(report.changes.length);
  if (report.published?.pushed) m.updatesCommitted.inc(report.changes.length);
  for (const action of pullRequestActions(report)) m.pullRequests.inc({ action });
  for (const p of report.problems) m.problems.inc({ kind: p.kind, severity: p.severity });
  m.policies.reset();
  for (const p of report.policies) m.policies.inc({ status: p.status });
}

/** What happened to each pull request the publish step handled (opened, updated, unchanged, …). */
export function pullRequestActions(report: CycleReport): string[] {
  return (report.pullRequests ?? []).map((pr) => pr.action);
}
