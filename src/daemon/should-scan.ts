import type { ImageRepo } from '../registry/types.js';
import { describeImage, matchesRepo, type PushedImage } from './images.js';

/** Why a cycle runs. Several triggers that arrive while a cycle runs are merged into the next one. */
export type Trigger =
  | { kind: 'start' }
  | { kind: 'schedule' }
  | { kind: 'interval' }
  | { kind: 'webhook'; images: PushedImage[] };

export interface PolicyFacts {
  id: string;
  repo: ImageRepo;
  /** Its own scan interval (ms), from `daemon.intervals`; undefined to follow the schedule. */
  interval?: number;
}

export interface ScanRecord {
  /** When the policy was last scanned, successfully or not (epoch ms). */
  lastScanAt?: number;
}

export interface ScanDecision {
  scan: boolean;
  reason: string;
}

/**
 * Whether a policy is scanned in a cycle started by `trigger` at `now`. Pure: the clock and the record
 * come in as values, so the scheduler only obeys and tests need no timers.
 */
export function shouldScan(policy: PolicyFacts, record: ScanRecord | undefined, trigger: Trigger, now: number): ScanDecision {
  switch (trigger.kind) {
    case 'start':
      return { scan: true, reason: 'first cycle after start' };
    case 'webhook': {
      const hit = trigger.images.find((image) => matchesRepo(image, policy.repo));
      return hit ? { scan: true, reason: `pushed: ${describeImage(hit)}` } : { scan: false, reason: 'not among the pushed images' };
    }
    case 'schedule':
      if (policy.interval === undefined) return { scan: true, reason: 'scheduled' };
      return intervalDecision(policy.interval, record, now);
    case 'interval':
      if (policy.interval === undefined) return { scan: false, reason: 'follows the schedule' };
      return intervalDecision(policy.interval, record, now);
  }
}

function intervalDecision(interval: number, record: ScanRecord | undefined, now: number): ScanDecision {
  if (record?.lastScanAt === undefined) return { scan: true, reason: 'never scanned' };
  const age = now - record.lastScanAt;
  if (age >= interval) return { scan: true, reason: `interval elapsed (${seconds(age)} since the last scan, interval ${seconds(interval)})` };
  return { scan: false, reason: `scanned ${seconds(age)} ago, interval ${seconds(interval)}` };
}

/** Milliseconds from `now` until the first policy with its own interval is due; undefined when none has one. */
export function nextIntervalDue(policies: readonly PolicyFacts[], records: ReadonlyMap<string, ScanRecord>, now: number): number | undefined {
  let soonest: number | undefined;
  for (const p of policies) {
    if (p.interval === undefined) continue;
    const last = records.get(p.id)?.lastScanAt;
    const wait = last === undefined ? 0 : Math.max(0, last + p.interval - now);
    soonest = soonest === undefined ? wait : Math.min(soonest, wait);
  }
  return soonest;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
