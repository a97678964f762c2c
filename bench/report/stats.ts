import type { Sample } from '../scenarios/types.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of every numeric field; counts (requests, git operations) are taken from the median-wall run. */
export function medianSample(samples: readonly Sample[]): Sample {
  const first = samples[0];
  if (!first) throw new Error('no samples');
  const wall = median(samples.map((s) => s.wallMs));
  const typical = samples.reduce((best, s) => (Math.abs(s.wallMs - wall) < Math.abs(best.wallMs - wall) ? s : best), first);
  return {
    wallMs: wall,
    cpuMs: median(samples.map((s) => s.cpuMs)),
    peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
    requests: typical.requests,
    git: typical.git,
    exitCode: Math.max(...samples.map((s) => s.exitCode)),
  };
}
