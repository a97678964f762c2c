import type { DaemonMetrics } from './metrics.js';

interface HostCounts {
  requests: number;
  throttled: number;
  rateLimit?: { limit: number; remaining: number };
}

/**
 * Turns the registry client's cumulative `stats()` into counter increments. Read after each cycle, so
 * the metrics need no hook inside the transport; accepts both the plain `{host: count}` form and the
 * per-host objects (`requests`, `throttled`, `rateLimit`).
 */
export class RegistryStatsReader {
  private readonly seen = new Map<string, HostCounts>();

  constructor(private readonly metrics: DaemonMetrics) {}

  read(stats: unknown): void {
    const requests = (stats as { requests?: unknown } | undefined)?.requests;
    if (typeof requests !== 'object' || requests === null) return;
    for (const [host, raw] of Object.entries(requests)) {
      const now = countsOf(raw);
      if (!now) continue;
      const before = this.seen.get(host) ?? { requests: 0, throttled: 0 };
      this.metrics.registryHttp.inc({ host }, Math.max(0, now.requests - before.requests));
      this.metrics.registryThrottled.inc({ host }, Math.max(0, now.throttled - before.throttled));
      if (now.rateLimit) {
        this.metrics.rateLimitRemaining.set({ host }, now.rateLimit.remaining);
        this.metrics.rateLimitLimit.set({ host }, now.rateLimit.limit);
      }
      this.seen.set(host, now);
    }
  }
}

function countsOf(raw: unknown): HostCounts | undefined {
  if (typeof raw === 'number') return { requests: raw, throttled: 0 };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { requests?: unknown; throttled?: unknown; rateLimit?: { limit?: unknown; remaining?: unknown } };
  if (typeof r.requests !== 'number') return undefined;
  const rl = r.rateLimit;
  const rateLimit = typeof rl?.limit === 'number' && typeof rl.remaining === 'number' ? { limit: rl.limit, remaining: rl.remaining } : undefined;
  return { requests: r.requests, throttled: typeof r.throttled === 'number' ? r.throttled : 0, rateLimit };
}
