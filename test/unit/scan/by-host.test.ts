import { describe, expect, it } from 'vitest';
import { forEachByHost, hostConcurrency } from '../../../src/scan/by-host.js';

describe('work queued per registry host', () => {
  it('finishes a healthy host while another host holds every one of its workers', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const done: string[] = [];
    const items = [...Array.from({ length: 10 }, (_, i) => `stuck.example/r${i}`), 'ok.example/a', 'ok.example/b', 'ok.example/c'];
    const all = forEachByHost(items, (item) => item.split('/')[0]!, (host) => (host === 'stuck.example' ? 3 : 2), async (item) => {
      const host = item.split('/')[0]!;
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, inFlight.get(host)!));
      if (host === 'stuck.example') await stuck;
      else await new Promise((resolve) => setImmediate(resolve));
      inFlight.set(host, inFlight.get(host)! - 1);
      done.push(item);
    });
    while (done.length < 3) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(['ok.example/a', 'ok.example/b', 'ok.example/c']);
    release();
    await all;
    expect(done).toHaveLength(items.length);
    expect(Object.fromEntries(peak)).toEqual({ 'stuck.example': 3, 'ok.example': 2 });
  });

  it('takes each host\'s concurrency from registries[], Docker Hub under any of its names', () => {
    const of = hostConcurrency([{ host: 'index.docker.io', concurrency: 2 }, { host: 'ghcr.io', concurrency: 8 }, { host: 'quay.io' }]);
    expect([of('docker.io'), of('ghcr.io'), of('quay.io'), of('registry.example')]).toEqual([2, 8, 4, 4]);
  });
});
