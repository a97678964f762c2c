import type { Sample, ScenarioResult } from '../scenarios/types.js';
import { machineLine } from './machine.js';
import { OURS, peerScenarios, scenario, type BenchResult, type SizeResult } from './result.js';
import { targets } from './targets.js';

const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const mib = (n: number) => n.toFixed(0);
const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×`);

/** The whole report as Markdown: figures per size, scaling across sizes, targets, machine. */
export function renderMarkdown(result: BenchResult): string {
  return [
    `Measured ${result.date.slice(0, 16).replace('T', ' ')} UTC on ${machineLine(result.machine)}.`,
    `Command: \`${result.command}\`. Wall, CPU and RSS are medians of the warm runs (cold run in brackets).`,
    '',
    figuresTable(result.sizes),
    '',
    scalingTable(result.sizes),
    '',
    targetsTable(result.sizes),
    '',
  ].join('\n');
}

function figuresTable(sizes: readonly SizeResult[]): string {
  const rows = ['| size | run | wall s | CPU s | registry requests | git commands (writes) | peak RSS MiB |', '|---|---|--:|--:|--:|--:|--:|'];
  for (const size of sizes) {
    const label = `${size.size.name}: ${size.size.repos} × ${size.expect.tagsPerRepo} tags, ${size.expect.files.toLocaleString('en')} files`;
    size.scenarios.forEach((sc, i) => rows.push(row(i === 0 ? label : '', sc)));
    const once = scenario(size, OURS.once);
    for (const peer of once ? peerScenarios(size) : []) {
      const a = once!.median;
      const b = peer.median;
      rows.push(`| | **once ÷ ${peer.name}** | **${ratio(a.wallMs, b.wallMs)}** | ${ratio(a.cpuMs, b.cpuMs)} | ${ratio(a.requests.total, b.requests.total)} | | ${ratio(a.peakRssMiB, b.peakRssMiB)} |`);
    }
  }
  return rows.join('\n');
}

function row(label: string, sc: ScenarioResult): string {
  const m: Sample = sc.median;
  const git = m.git.total === 0 ? '0' : `${m.git.total} (${m.git.writes})`;
  return `| ${label} | ${sc.name} | ${s(m.wallMs)} (${s(sc.cold.wallMs)}) | ${s(m.cpuMs)} | ${m.requests.total} | ${git} | ${mib(m.peakRssMiB)} (${mib(sc.cold.peakRssMiB)}) |`;
}

function scalingTable(sizes: readonly SizeResult[]): string {
  const rows = [
    '| size | YAML | references (to change) | full cycle s | per 1,000 files | CPU s | peak RSS MiB | rewrite step alone | git s in the cycle |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const size of sizes) {
    const once = scenario(size, OURS.once);
    if (!once) continue;
    const m = once.median;
    rows.push(`| ${size.size.name} | ${(size.expect.bytes / 1e6).toFixed(1)} MB | ${size.expect.refs.toLocaleString('en')} (${size.expect.changes.toLocaleString('en')}) | ${s(m.wallMs)} | ${s((m.wallMs / size.expect.files) * 1000)} s | ${s(m.cpuMs)} | ${mib(m.peakRssMiB)} | ${size.rewrite.mbPerSecond.toFixed(1)} MB/s | ${gitSeconds(m.git.secondsBySubcommand)} |`);
  }
  return rows.join('\n');
}

function targetsTable(sizes: readonly SizeResult[]): string {
  const rows = ['| size | target | met | measured |', '|---|---|:-:|---|'];
  for (const t of sizes.flatMap(targets)) rows.push(`| ${t.size} | ${t.what} | ${t.met === undefined ? '–' : t.met ? 'yes' : '**no**'} | ${t.measured} |`);
  return rows.join('\n');
}

function gitSeconds(seconds: Record<string, number> | undefined): string {
  const entries = Object.entries(seconds ?? {}).filter(([, t]) => t >= 0.01).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '–' : entries.map(([name, t]) => `${name} ${t.toFixed(2)}`).join(', ');
}
