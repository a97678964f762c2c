import cron from 'node-cron';
import type { Config } from '../config/types.js';
import type { CycleDeps } from '../cycle.js';
import type { Logger } from '../log/logger.js';
import { createMetrics, type DaemonMetrics } from '../metrics/metrics.js';
import { createCycleJob } from './cycle-job.js';
import { Debouncer } from './debounce.js';
import { expectedCycleAge, readiness, type HealthState } from './health.js';
import type { PushedImage } from './images.js';
import { CycleRunner, type StopResult } from './runner.js';
import { ScanBook } from './scan-book.js';
import { startServer, type RunningServer } from './server.js';
import type { Shard } from './shard.js';
import type { Trigger } from './should-scan.js';
import type { SourceName, WebhookSource } from './webhooks/types.js';

export interface DaemonOptions {
  config: Config;
  deps: CycleDeps;
  log: Logger;
  /** Webhook sources with their secrets resolved. */
  sources: ReadonlyMap<SourceName, WebhookSource>;
  shard?: Shard;
}

export interface RunningDaemon {
  /** The HTTP address bound, when `server.listen` is set. */
  address?: string;
  metrics: DaemonMetrics;
  /** Stops taking work, lets the cycle in flight finish within `graceMs` (else abandons it), closes. */
  stop(graceMs: number): Promise<StopResult>;
}

/** Wires the schedule, the per-policy intervals, webhooks, probes and metrics around one cycle runner. */
export async function startDaemon(o: DaemonOptions): Promise<RunningDaemon> {
  const { config, log } = o;
  const metrics = createMetrics();
  const health: HealthState = { startedAt: Date.now(), stopping: false };
  const book = new ScanBook(config.daemon.intervals, o.shard);
  const job = createCycleJob({ config, deps: o.deps, book, metrics, health, log });
  const wake = new IntervalWake(book, (t) => runner.trigger(t));
  const runner = new CycleRunner<Trigger>(async (triggers, signal) => {
    await job(triggers, signal);
    if (!health.stopping) wake.arm();
  }, { deadlineMs: config.daemon.deadline });
  const pushes = webhookIntake(config, book, runner);

  const task = cron.createTask(config.schedule, () => void runner.trigger({ kind: 'schedule' }), {
    name: 'imagebump',
    ...(config.daemon.jitter > 0 ? { maxRandomDelay: config.daemon.jitter } : {}),
  });
  const maxAge = config.daemon.maxCycleAge ?? expectedCycleAge(gaps(task.getNextRuns(10)), config.daemon.deadline);
  let server: RunningServer | undefined;
  try {
    server = config.server && await startServer(config.server.listen, {
      metrics, sources: o.sources, maxBodyBytes: config.server.maxBodyBytes, log, onPush: pushes.take,
      readiness: () => readiness(health, Date.now(), maxAge),
      accepting: () => !health.stopping,
    });
  } catch (err) {
    await task.destroy();
    throw err;
  }
  await task.start();
  runner.trigger({ kind: 'start' });
  log.info({ address: server?.address, schedule: config.schedule, shard: o.shard, maxCycleAgeMs: maxAge }, 'daemon started');

  return {
    address: server?.address,
    metrics,
    async stop(graceMs) {
      health.stopping = true;
      pushes.close();
      wake.disarm();
      await task.destroy();
      const result = await runner.stop(graceMs);
      await server?.close();
      (o.deps.registry as { close?: () => void }).close?.();
      return result;
    },
  };
}

/** Pushed images go through the debouncer to the runner; images no known policy watches are turned away. */
function webhookIntake(config: Config, book: ScanBook, runner: CycleRunner<Trigger>) {
  const hooks = config.server?.webhooks;
  const debouncer = new Debouncer<PushedImage>((images) => runner.trigger({ kind: 'webhook', images }), {
    quietMs: hooks?.debounce ?? 500,
    maxDelayMs: hooks?.maxDelay ?? 5_000,
  });
  return {
    take(images: PushedImage[]): boolean {
      // Until a cycle has read the policies every push is taken; afterwards only the watched images.
      if (book.knowsPolicies && book.matching(images).length === 0) return false;
      for (const image of images) debouncer.push(image);
      return true;
    },
    close: () => debouncer.cancel(),
  };
}

/** Wakes the runner when the first policy with its own interval is due. */
class IntervalWake {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly book: ScanBook,
    private readonly trigger: (t: Trigger) => unknown,
  ) {}

  arm(): void {
    this.disarm();
    const ms = this.book.nextWake(Date.now());
    // At least a second apart, so a policy that keeps failing cannot spin the loop.
    if (ms !== undefined) this.timer = setTimeout(() => this.trigger({ kind: 'interval' }), Math.max(1_000, ms));
  }

  disarm(): void {
    clearTimeout(this.timer);
  }
}

function gaps(runs: readonly Date[]): number[] {
  return runs.slice(1).map((d, i) => d.getTime() - runs[i]!.getTime());
}
