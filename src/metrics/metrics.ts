import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the daemon exports, on a registry of its own (nothing global, so tests can make many).
 * Label values are bounded: outcomes, kinds and sources are fixed sets; hosts are the registries the
 * config and policies name. No secret, tag, path or message ever becomes a label.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'imagebump_' });
  const on = { registers: [registry] };
  return {
    registry,
    cycles: new Counter({ name: 'imagebump_cycles_total', help: 'Cycles by outcome (success, problems, failed, abandoned) and trigger', labelNames: ['outcome', 'trigger'] as const, ...on }),
    cycleDuration: new Histogram({
      name: 'imagebump_cycle_duration_seconds', help: 'Cycle duration by outcome', labelNames: ['outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600], ...on,
    }),
    lastSuccess: new Gauge({ name: 'imagebump_last_success_timestamp_seconds', help: 'When the last cycle completed (success or problems)', ...on }),
    registryRequests: new Counter({
      name: 'imagebump_registry_requests_total', help: 'Registry operations by host, kind (tags, manifest, config, …) and status (ok or the error kind)',
      labelNames: ['host', 'kind', 'status'] as const, ...on,
    }),
    registryHttp: new Counter({ name: 'imagebump_registry_http_requests_total', help: 'HTTP requests sent, by network host (token realms and retries included)', labelNames: ['host'] as const, ...on }),
    registryThrottled: new Counter({ name: 'imagebump_registry_throttled_total', help: '429 answers by network host', labelNames: ['host'] as const, ...on }),
    rateLimitRemaining: new Gauge({ name: 'imagebump_registry_rate_limit_remaining', help: 'Pull quota left, where the registry reports it (RateLimit-Remaining)', labelNames: ['host'] as const, ...on }),
    rateLimitLimit: new Gauge({ name: 'imagebump_registry_rate_limit_limit', help: 'Pull quota of the window, where the registry reports it (RateLimit-Limit)', labelNames: ['host'] as const, ...on }),
    updatesFound: new Counter({ name: 'imagebump_updates_found_total', help: 'Values that a cycle found out of date', ...on }),
    updatesCommitted: new Counter({ name: 'imagebump_updates_committed_total', help: 'Values changed by pushed commits', ...on }),
    pullRequests: new Counter({ name: 'imagebump_pull_requests_total', help: 'Pull requests by action (opened, updated, unchanged, declined, foreign)', labelNames: ['action'] as const, ...on }),
    problems: new Counter({ name: 'imagebump_problems_total', help: 'Problems reported by cycles, by kind and severity', labelNames: ['kind', 'severity'] as const, ...on }),
    policies: new Gauge({ name: 'imagebump_policies', help: 'Policies scanned by the last cycle, by status', labelNames: ['status'] as const, ...on }),
    webhooks: new Counter({
      name: 'imagebump_webhook_deliveries_total', help: 'Webhook deliveries by source and outcome (accepted, ignored, unauthorized, bad-request, too-large, not-found, unavailable)',
      labelNames: ['source', 'outcome'] as const, ...on,
    }),
  };
}

export type DaemonMetrics = ReturnType<typeof createMetrics>;
