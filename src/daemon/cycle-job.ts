import type { Config } from '../config/types.js';
import { runCycle, type CycleDeps, type CycleReport } from '../cycle.js';
import type { Logger } from '../log/logger.js';
import type { DaemonMetrics } from '../metrics/metrics.js';
import { outcomeOf, recordCycle, type CycleOutcome } from '../metrics/record-cycle.js';
import { RegistryStatsReader } from '../metrics/registry-stats.js';
import { cycleRegistry } from './cycle-registry.js';
import type { HealthState } from './health.js';
import { CycleAbandoned } from './runner.js';
import type { ScanBook } from './scan-book.js';
import type { Trigger } from './should-scan.js';

export interface CycleJobDeps {
  config: Config;
  deps: CycleDeps;
  book: ScanBook;
  metrics: DaemonMetrics;
  health: HealthState;
  log: Logger;
  now?: () => number;
}

const TRIGGER_ORDER: Trigger['kind'][] = ['start', 'webhook', 'schedule', 'interval'];

/** One label for merged triggers: the most specific reason the cycle runs. */
export function triggerLabel(triggers: readonly Trigger[]): string {
  return TRIGGER_ORDER.find((k) => triggers.some((t) => t.kind === k)) ?? 'unknown';
}

/**
 * The daemon's cycle: scoped to the policies the triggers call for, watched by its AbortSignal, and
 * recorded in logs (one id per cycle), metrics and the readiness state, however it ends.
 */
export function createCycleJob(job: CycleJobDeps): (triggers: Trigger[], signal: AbortSignal) => Promise<void> {
  const now = job.now ?? Date.now;
  const stats = new RegistryStatsReader(job.metrics);
  let count = 0;
  return async (triggers, signal) => {
    const trigger = triggerLabel(triggers);
    const log = job.log.child({ cycle: ++count, trigger });
    const scope = job.book.scope(triggers, now());
    const registry = cycleRegistry(job.deps.registry, signal, (op) => job.metrics.registryRequests.inc(op));
    const started = performance.now();
    log.info({ pushed: pushedImages(triggers) }, 'cycle started');
    let outcome: CycleOutcome = 'failed';
    let report: CycleReport | undefined;
    try {
      report = await runCycle(job.config, { ...job.deps, registry, log }, { dryRun: false, filter: scope.filter, signal });
      scope.done(report.policies);
      outcome = outcomeOf(report);
      job.health.lastCompletedAt = now();
      logReport(log, report);
    } catch (err) {
      outcome = signal.aborted ? 'abandoned' : 'failed';
      const why = signal.reason instanceof CycleAbandoned ? signal.reason.why : undefined;
      if (outcome === 'abandoned') log.warn({ why }, 'cycle abandoned before publishing; nothing was pushed');
      else log.error({ err: (err as Error).message }, 'cycle failed');
    } finally {
      const seconds = (performance.now() - started) / 1000;
      recordCycle(job.metrics, outcome, trigger, seconds, report, now());
      stats.read((job.deps.registry as { stats?: () => unknown }).stats?.());
    }
  };
}

function logReport(log: Logger, r: CycleReport): void {
  for (const p of r.problems) log[p.severity === 'error' ? 'error' : 'warn']({ kind: p.kind, file: p.file, line: p.line, policy: p.policy }, p.message);
  log.info(
    { policies: r.policies.length, changes: r.changes.length, commit: r.published?.commit, attempts: r.published?.attempts, durationMs: r.stats.durationMs },
    'cycle finished',
  );
}

function pushedImages(triggers: readonly Trigger[]): string[] | undefined {
  const images = triggers.flatMap((t) => (t.kind === 'webhook' ? t.images.map((i) => `${i.host}/${i.repository}`) : []));
  return images.length ? [...new Set(images)].slice(0, 20) : undefined;
}
