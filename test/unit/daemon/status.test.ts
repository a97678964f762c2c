import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../../src/cycle.js';
import { explainStatus } from '../../../src/status/explain.js';
import { renderStatusTable } from '../../../src/status/render.js';

const sel = (tag: string | undefined) => ({ tag, candidates: 3, excluded: 1, filteredOut: 2, unrankable: 0 });

const report = {
  policies: [
    { policy: 'apps:web', image: 'r.example.com/acme/web', status: 'selected', selection: sel('1.2.0'), tags: 6 },
    { policy: 'apps:api', image: 'r.example.com/acme/api', status: 'selected', selection: sel('200'), tags: 6 },
    { policy: 'apps:pinned', image: 'r.example.com/acme/pinned', status: 'selected', selection: sel('1.9.0'), tags: 6 },
    { policy: 'apps:none', image: 'r.example.com/acme/none', status: 'no-candidate', selection: sel(undefined), tags: 3 },
    { policy: 'apps:down', image: 'r.example.com/acme/down', status: 'failed', error: 'registry r.example.com: unauthorized' },
    { policy: 'apps:idle', image: 'r.example.com/acme/idle', status: 'selected', selection: sel('3.0.0'), tags: 1 },
  ],
  changes: [
    { file: 'apps/web.yaml', line: 9, policy: 'apps:web', part: 'whole', image: 'r.example.com/acme/web', from: 'r.example.com/acme/web:1.0.0', to: 'r.example.com/acme/web:1.2.0' },
    { file: 'apps/values.yaml', line: 2, policy: 'apps:web', part: 'tag', image: 'r.example.com/acme/web', from: '1.0.0', to: '1.2.0' },
  ],
  problems: [{ kind: 'downgrade-prevented', severity: 'warning', policy: 'apps:pinned', message: 'apps:pinned: Git has 2.0.0, newer than the selected 1.9.0; left alone' }],
  edits: [],
  stats: { policies: 6, filesScanned: 3, filesParsed: 3, durationMs: 9 },
} as unknown as CycleReport;

const current = new Map([
  ['apps:web', new Map([['1.0.0', 2]])],
  ['apps:api', new Map([['200', 1]])],
  ['apps:pinned', new Map([['2.0.0', 1]])],
]);

describe('status', () => {
  it('says for each policy what Git holds, the latest candidate, and why', () => {
    const rows = explainStatus(report, current);
    expect(rows.map((r) => [r.policy, r.current, r.latest, r.state])).toEqual([
      ['apps:web', ['1.0.0'], '1.2.0', 'update-pending'],
      ['apps:api', ['200'], '200', 'up-to-date'],
      ['apps:pinned', ['2.0.0'], '1.9.0', 'kept'],
      ['apps:none', [], undefined, 'no-candidate'],
      ['apps:down', [], undefined, 'failed'],
      ['apps:idle', [], '3.0.0', 'unused'],
    ]);
    expect(rows[0]!.why).toContain('2 places');
    expect(rows[2]!.why).toContain('newer than the selected 1.9.0');
    expect(rows[3]!.why).toBe('no tag qualifies (3 tags listed, 1 excluded, 2 filtered out)');
    expect(rows[4]!.why).toBe('registry failed: registry r.example.com: unauthorized');
  });

  it('renders an aligned table', () => {
    const table = renderStatusTable(explainStatus(report, current));
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^POLICY\s+IN GIT\s+LATEST\s+STATUS$/);
    expect(lines[1]).toMatch(/^apps:web\s+1\.0\.0\s+1\.2\.0\s+update-pending: not applied yet/);
    expect(new Set(lines.map((l) => l.indexOf(l.split(/\s{2,}/)[1]!))).size).toBeLessThanOrEqual(2);
  });
});
