import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../../src/cycle.js';
import { cycleRegistry } from '../../../src/daemon/cycle-registry.js';
import { createMetrics } from '../../../src/metrics/metrics.js';
import { pullRequestActions, recordCycle } from '../../../src/metrics/record-cycle.js';
import { RegistryStatsReader } from '../../../src/metrics/registry-stats.js';
import { RegistryError, type Registry } from '../../../src/registry/types.js';

const report = (extra: Partial<CycleReport> = {}): CycleReport => ({
  policies: [{ policy: 'apps:web', image: 'ghcr.io/acme/web', status: 'selected' }, { policy: 'apps:api', image: 'ghcr.io/acme/api', status: 'failed' }],
  changes: [{ file: 'a.yaml', line: 3, policy: 'apps:web', part: 'tag', image: 'ghcr.io/acme/web', from: '1.0.0', to: '1.1.0' } as CycleReport['changes'][number]],
  problems: [{ kind: 'registry-error', severity: 'error', message: 'apps:api: unauthorized', policy: 'apps:api' }],
  edits: [],
  published: { pushed: true, commit: 'c0ffee', attempts: 1 },
  stats: { policies: 2, filesScanned: 1, filesParsed: 1, durationMs: 5 },
  ...extra,
});

describe('cycle metrics', () => {
  it('records outcome, duration, updates, problems and policies without unbounded labels', async () => {
    const m = createMetrics();
    recordCycle(m, 'problems', 'webhook', 0.42, report(), 1_700_000_000_000);
    recordCycle(m, 'abandoned', 'schedule', 3);
    const text = await m.registry.metrics();
    expect(text).toContain('imagebump_cycles_total{outcome="problems",trigger="webhook"} 1');
    expect(text).toContain('imagebump_cycles_total{outcome="abandoned",trigger="schedule"} 1');
    expect(text).toContain('imagebump_updates_found_total 1');
    expect(text).toContain('imagebump_updates_committed_total 1');
    expect(text).toContain('imagebump_problems_total{kind="registry-error",severity="error"} 1');
    expect(text).toContain('imagebump_policies{status="failed"} 1');
    expect(text).toContain('imagebump_last_success_timestamp_seconds 1700000000');
    const samples = text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(samples).not.toContain('unauthorized');
    expect(samples).not.toContain('1.1.0');
  });

  it('reads pull-request results when the publish step reports them', () => {
    expect(pullRequestActions(report())).toEqual([]);
    const withPrs = { ...report(), pullRequests: [{ action: 'opened' }, { action: 'updated' }] } as CycleReport;
    expect(pullRequestActions(withPrs)).toEqual(['opened', 'updated']);
  });

  it('turns cumulative registry stats of either shape into increments and quota gauges', async () => {
    const m = createMetrics();
    const reader = new RegistryStatsReader(m);
    reader.read({ requests: { 'ghcr.io': 3 } });
    reader.read({ requests: { 'ghcr.io': 5, 'registry-1.docker.io': { requests: 4, throttled: 1, rateLimit: { limit: 100, remaining: 76 } } } });
    const text = await m.registry.metrics();
    expect(text).toContain('imagebump_registry_http_requests_total{host="ghcr.io"} 5');
    expect(text).toContain('imagebump_registry_throttled_total{host="registry-1.docker.io"} 1');
    expect(text).toContain('imagebump_registry_rate_limit_remaining{host="registry-1.docker.io"} 76');
  });
});

describe('cycleRegistry', () => {
  const fake: Registry = {
    listTags: async (repo) => {
      if (repo.repository === 'acme/locked') throw new RegistryError('unauthorized', repo.registry, 'denied', 401);
      return { tags: ['1.0.0'], pages: 1, truncated: false };
    },
    headManifest: async () => ({ digest: 'sha256:x', mediaType: 'm' }),
  } as Registry;

  it('reports each operation by host, kind and status, and stops asking once the cycle is aborted', async () => {
    const ops: unknown[] = [];
    const controller = new AbortController();
    const registry = cycleRegistry(fake, controller.signal, (op) => ops.push(op));
    await registry.listTags({ registry: 'ghcr.io', repository: 'acme/web' });
    await expect(registry.listTags({ registry: 'ghcr.io', repository: 'acme/locked' })).rejects.toThrow('denied');
    await registry.headManifest({ registry: 'ghcr.io', repository: 'acme/web' }, '1.0.0');
    expect(ops).toEqual([
      { host: 'ghcr.io', kind: 'tags', status: 'ok' },
      { host: 'ghcr.io', kind: 'tags', status: 'unauthorized' },
      { host: 'ghcr.io', kind: 'manifest-head', status: 'ok' },
    ]);
    controller.abort(new Error('deadline'));
    await expect(registry.listTags({ registry: 'ghcr.io', repository: 'acme/web' })).rejects.toThrow('deadline');
    expect(ops).toHaveLength(3);
  });
});
