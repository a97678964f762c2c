import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/config/types.js';
import { ScanBook } from '../../../src/daemon/scan-book.js';
import { nextIntervalDue, shouldScan, type PolicyFacts, type Trigger } from '../../../src/daemon/should-scan.js';
import type { PolicyOutcome } from '../../../src/scan.js';

const web: PolicyFacts = { id: 'apps:web', repo: { registry: 'ghcr.io', repository: 'acme/web' } };
const slow: PolicyFacts = { id: 'apps:batch', repo: { registry: 'docker.io', repository: 'acme/batch' }, interval: 60_000 };
const T0 = 1_700_000_000_000;

describe('shouldScan', () => {
  it('scans everything at start, and every policy without an interval on schedule', () => {
    expect(shouldScan(web, undefined, { kind: 'start' }, T0)).toEqual({ scan: true, reason: 'first cycle after start' });
    expect(shouldScan(web, { lastScanAt: T0 }, { kind: 'schedule' }, T0 + 1)).toEqual({ scan: true, reason: 'scheduled' });
  });

  it('scans a policy with its own interval only when the interval elapsed', () => {
    expect(shouldScan(slow, undefined, { kind: 'schedule' }, T0)).toEqual({ scan: true, reason: 'never scanned' });
    expect(shouldScan(slow, { lastScanAt: T0 }, { kind: 'schedule' }, T0 + 30_000)).toEqual({ scan: false, reason: 'scanned 30s ago, interval 60s' });
    expect(shouldScan(slow, { lastScanAt: T0 }, { kind: 'interval' }, T0 + 60_000).scan).toBe(true);
    expect(shouldScan(web, { lastScanAt: T0 }, { kind: 'interval' }, T0 + 60_000)).toEqual({ scan: false, reason: 'follows the schedule' });
  });

  it('scans on a webhook only the policies whose image was pushed, whatever their interval', () => {
    const pushed: Trigger = { kind: 'webhook', images: [{ host: 'GHCR.io', repository: 'Acme/Web', tag: '2.0.0' }] };
    expect(shouldScan(web, { lastScanAt: T0 }, pushed, T0 + 1)).toEqual({ scan: true, reason: 'pushed: ghcr.io/Acme/Web' });
    expect(shouldScan(slow, { lastScanAt: T0 }, pushed, T0 + 1)).toEqual({ scan: false, reason: 'not among the pushed images' });
    const hub: Trigger = { kind: 'webhook', images: [{ host: 'index.docker.io', repository: 'acme/batch' }] };
    expect(shouldScan(slow, { lastScanAt: T0 }, hub, T0 + 1).scan).toBe(true);
  });
});

describe('nextIntervalDue', () => {
  it('is the wait until the first policy with an interval is due, none without intervals', () => {
    const records = new Map([[slow.id, { lastScanAt: T0 }]]);
    expect(nextIntervalDue([web, slow], records, T0 + 45_000)).toBe(15_000);
    expect(nextIntervalDue([web, slow], new Map(), T0)).toBe(0);
    expect(nextIntervalDue([web], records, T0)).toBeUndefined();
  });
});

describe('ScanBook', () => {
  const policy = (id: string, repository: string): Policy =>
    ({ id, name: id.split(':')[1]!, namespace: 'apps', image: `ghcr.io/${repository}`, repo: { registry: 'ghcr.io', repository } }) as Policy;
  const outcome = (p: Policy): PolicyOutcome => ({ policy: p.id, image: p.image, status: 'selected' });
  const a = policy('apps:a', 'acme/a');
  const b = policy('apps:b', 'acme/b');

  it('gives policies matching an interval glob their own clock, and remembers what it saw', () => {
    const book = new ScanBook([{ policies: 'apps:b', interval: 60_000 }]);
    const first = book.scope([{ kind: 'start' }], T0);
    expect([a, b].filter(first.filter)).toEqual([a, b]);
    first.done([outcome(a), outcome(b)]);
    const scheduled = book.scope([{ kind: 'schedule' }], T0 + 10_000);
    expect([a, b].filter(scheduled.filter)).toEqual([a]);
    expect(book.nextWake(T0 + 10_000)).toBe(50_000);
    expect(book.matching([{ host: 'ghcr.io', repository: 'acme/b' }])).toEqual(['apps:b']);
  });

  it('merges triggers: a webhook and an interval in one cycle scan the union', () => {
    const book = new ScanBook([{ policies: 'apps:*', interval: 60_000 }]);
    book.scope([{ kind: 'start' }], T0).done([outcome(a), outcome(b)]);
    const merged = book.scope([{ kind: 'interval' }, { kind: 'webhook', images: [{ host: 'ghcr.io', repository: 'acme/a' }] }], T0 + 1_000);
    expect([a, b].filter(merged.filter)).toEqual([a]);
  });

  it('leaves out policies of other shards, and does not forget policies when a cycle loaded none', () => {
    const book = new ScanBook([], { index: 0, count: 2 });
    const scope = book.scope([{ kind: 'start' }], T0);
    const mine = [a, b, policy('apps:c', 'acme/c'), policy('apps:d', 'acme/d')].filter(scope.filter);
    const other = new ScanBook([], { index: 1, count: 2 }).scope([{ kind: 'start' }], T0);
    const theirs = [a, b, policy('apps:c', 'acme/c'), policy('apps:d', 'acme/d')].filter(other.filter);
    expect(mine.length + theirs.length).toBe(4);
    expect(mine.filter((p) => theirs.includes(p))).toEqual([]);
    scope.done([]);
    book.scope([{ kind: 'schedule' }], T0).done([]);
    expect(book.knowsPolicies).toBe(mine.length > 0);
  });
});
