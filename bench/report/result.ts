import type { Expectations } from '../fixture/index.js';
import type { Size } from '../lib/sizes.js';
import type { Check, ScenarioResult } from '../scenarios/types.js';
import type { Machine } from './machine.js';

export interface SizeResult {
  size: Size;
  expect: Expectations;
  setupMs: Record<string, number>;
  /** In-process rewrite of the whole tree (read, screen, parse, locate). */
  rewrite: { ms: number; mbPerSecond: number };
  scenarios: ScenarioResult[];
  screen: Check;
  /** Load average after the size ran, to judge the noise. */
  loadAfter: number;
}

export interface BenchResult {
  date: string;
  machine: Machine;
  command: string;
  sizes: SizeResult[];
}

export const OURS = {
  plan: 'imagebump plan',
  once: 'imagebump once',
  steady: 'imagebump once, nothing new',
} as const;

export function scenario(result: SizeResult, name: string): ScenarioResult | undefined {
  return result.scenarios.find((s) => s.name === name);
}

export function peerScenarios(result: SizeResult): ScenarioResult[] {
  return result.scenarios.filter((s) => !s.name.startsWith('imagebump'));
}
