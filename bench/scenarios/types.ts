import type { GitOps } from '../measure/git-trace.js';
import type { RegistryRequests } from '../measure/registry-log.js';

/** One measured process run. */
export interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRssMiB: number;
  requests: RegistryRequests;
  git: GitOps;
  exitCode: number;
}

export interface ScenarioResult {
  /** e.g. `imagebump once`, `renovate 44.121.2 lookup`. */
  name: string;
  description: string;
  /** The first run on a fresh fixture (or, for peers, with an empty cache). */
  cold: Sample;
  warm: Sample[];
  /** Median of the warm runs, field by field (the cold run when there are none). */
  median: Sample;
  /** Whatever the scenario checked about its own outcome. */
  checks: Check[];
  notes?: Record<string, unknown>;
}

export interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}
