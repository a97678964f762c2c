import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageSpec, versionAt } from '../../../bench/fixture/images.js';
import { requestsSince } from '../../../bench/measure/registry-log.js';
import { medianSample } from '../../../bench/report/stats.js';
import { requestBudget } from '../../../bench/report/targets.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-bench-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the benchmark counts requests at the registry', () => {
  it('reads access-log lines after the offset, by kind, and skips everything else', async () => {
    const before = '127.0.0.1 - - [22/Nov/2026:02:25:44 +0000] "PUT /v2/a/manifests/1.0.0 HTTP/1.1" 201 0 "" ""\n';
    const log = [
      'time="2026-11-22T02:26:01Z" level=info msg="response completed" http.request.method=GET',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "GET /v2/a/tags/list?n=1000 HTTP/1.1" 200 88 "" "axios/1"',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "GET /v2/a/tags/list?n=1000&last=1.0.9 HTTP/1.1" 200 88 "" "axios/1"',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "HEAD /v2/a/manifests/1.2.0 HTTP/1.1" 200 0 "" "axios/1"',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "GET /v2/a/manifests/latest HTTP/1.1" 200 401 "" "Renovate"',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "GET /v2/a/blobs/sha256:abc HTTP/1.1" 200 331 "" "Renovate"',
      '127.0.0.1 - - [22/Nov/2026:02:26:01 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "Renovate"',
      '',
    ].join('\n');
    const file = join(dir, 'registry.log');
    await writeFile(file, before + log);
    expect(await requestsSince(file, before.length)).toEqual({ total: 6, tagLists: 2, manifests: 2, manifestHeads: 1, blobs: 1, other: 1 });
  });

  it('allows one listing per repository plus the further pages', () => {
    expect(requestBudget(50, 50)).toBe(50);
    expect(requestBudget(50, 80)).toBe(80);
    expect(requestBudget(50, 0)).toBe(50);
  });
});

describe('the fixture and the report', () => {
  it('generates distinct ascending versions and selects within the policy range', () => {
    const pinned = imageSpec(0, 40);
    const free = imageSpec(1, 40);
    expect(new Set(pinned.versions).size).toBe(40);
    expect(pinned.versions.slice(0, 3)).toEqual(['1.0.0', '1.0.1', '1.0.2']);
    expect(versionAt(25)).toBe('2.0.0');
    expect(pinned.versions[pinned.selected]).toBe('1.4.4');
    expect(free.versions[free.selected]).toBe(free.versions.at(-1));
    expect(free.tags).toContain('latest');
  });

  it('takes the median of each figure', () => {
    const sample = (wallMs: number, rss: number) => ({
      wallMs, cpuMs: wallMs / 2, peakRssMiB: rss, exitCode: 0,
      requests: { total: wallMs, tagLists: 0, manifests: 0, manifestHeads: 0, blobs: 0, other: 0 },
      git: { total: 0, bySubcommand: {}, secondsBySubcommand: {}, writes: 0 },
    });
    const m = medianSample([sample(300, 90), sample(100, 80), sample(200, 100)]);
    expect(m).toMatchObject({ wallMs: 200, cpuMs: 100, peakRssMiB: 90 });
    expect(m.requests.total).toBe(200);
  });
});
