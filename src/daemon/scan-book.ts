import picomatch from 'picomatch';
import type { Policy } from '../config/types.js';
import type { PolicyOutcome } from '../scan.js';
import { matchesRepo, type PushedImage } from './images.js';
import { owns, type Shard } from './shard.js';
import { nextIntervalDue, shouldScan, type PolicyFacts, type ScanRecord, type Trigger } from './should-scan.js';

export interface IntervalRule {
  policies: string;
  interval: number;
}

/** What the cycle asks of each policy it loaded, and what it tells the book afterwards. */
export interface CycleScope {
  filter: (policy: Policy) => boolean;
  /** Call after the cycle with its outcomes: records scans and the policies the checkout declares. */
  done: (outcomes: readonly PolicyOutcome[]) => void;
}

/**
 * The daemon's memory between cycles: when each policy was last scanned, and which policies the
 * repository declared last time (to answer webhooks and wake up for per-policy intervals).
 */
export class ScanBook {
  private readonly records = new Map<string, ScanRecord>();
  private known: PolicyFacts[] = [];
  private readonly rules: Array<{ match: (id: string) => boolean; interval: number }>;

  constructor(rules: readonly IntervalRule[], private readonly shard?: Shard) {
    this.rules = rules.map((r) => ({ match: picomatch(r.policies), interval: r.interval }));
  }

  facts(policy: Pick<Policy, 'id' | 'repo'>): PolicyFacts {
    return { id: policy.id, repo: policy.repo, interval: this.rules.find((r) => r.match(policy.id))?.interval };
  }

  /** The policy filter for a cycle started by these (merged) triggers. */
  scope(triggers: readonly Trigger[], now: number): CycleScope {
    const seen: PolicyFacts[] = [];
    const filter = (policy: Policy) => {
      const facts = this.facts(policy);
      if (!owns(this.shard, policy.repo)) return false;
      seen.push(facts);
      return triggers.some((t) => shouldScan(facts, this.records.get(policy.id), t, now).scan);
    };
    const done = (outcomes: readonly PolicyOutcome[]) => {
      // A cycle that never loaded policies (clone failed) must not make the daemon forget them.
      if (seen.length > 0) this.known = seen;
      // Failed scans count too: a registry that is down is retried after the interval, not in a loop.
      for (const o of outcomes) this.records.set(o.policy, { lastScanAt: now });
    };
    return { filter, done };
  }

  /** Ms until a policy with its own interval is due, judged on the policies the last cycle saw. */
  nextWake(now: number): number | undefined {
    return nextIntervalDue(this.known, this.records, now);
  }

  /** Ids of known policies (in this shard) whose image is among the pushed ones. */
  matching(images: readonly PushedImage[]): string[] {
    return this.known.filter((p) => images.some((i) => matchesRepo(i, p.repo))).map((p) => p.id);
  }

  get knowsPolicies(): boolean {
    return this.known.length > 0;
  }
}
