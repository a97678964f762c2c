import type { StatusRow } from './explain.js';

const HEADERS = ['POLICY', 'IN GIT', 'LATEST', 'STATUS'] as const;

/** A plain-text table, one policy per line, with the reason after the status. */
export function renderStatusTable(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return 'No policies.\n';
  const cells = rows.map((r) => [r.policy, r.current.join(', ') || '-', r.latest ?? '-', `${r.state}: ${r.why}`]);
  const widths = HEADERS.slice(0, 3).map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => [...c.slice(0, 3).map((v, i) => v.padEnd(widths[i]!)), c[3]].join('  ').trimEnd();
  return [line(HEADERS), ...cells.map(line)].join('\n') + '\n';
}

export function renderStatusJson(rows: readonly StatusRow[]): string {
  return JSON.stringify({ policies: rows }, null, 2) + '\n';
}
