import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  freeGiB: number;
  /** 1-minute load average when the run started: above the core count, figures are noisy. */
  loadAverage: number;
  node: string;
  git: string;
  os: string;
}

export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    freeGiB: round(os.freemem() / 2 ** 30),
    loadAverage: round(os.loadavg()[0] ?? 0),
    node: process.version,
    git: safe(() => execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()),
    os: `${os.type()} ${os.release()}`,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, load ${m.loadAverage} at start; Node ${m.node}, ${m.git}, ${m.os}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function safe(fn: () => string): string {
  try {
    return fn();
  } catch {
    return 'unknown';
  }
}
