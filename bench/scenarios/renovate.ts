import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fixture } from '../fixture/index.js';
import { check, measure, scenarioResult, type Bench } from './measured.js';
import type { RenovatePeer } from './renovate-install.js';
import type { Check, Sample, ScenarioResult } from './types.js';

/**
 * Renovate's look-up alone on the same checkout: offline (`--platform=local`), report only, no branch,
 * no rewrite. Every run starts with empty cache and base directories, as a fresh CI job does.
 */
export async function runRenovate(bench: Bench, fixture: Fixture, peer: RenovatePeer, runs: number): Promise<ScenarioResult> {
  const configFile = join(bench.outDir, `renovate-${peer.version}.json`);
  await writeFile(configFile, JSON.stringify(renovateConfig(peer.major), null, 2));
  const samples: Sample[] = [];
  const checks: Check[] = [];
  let lookedUp = 0;
  for (let i = 0; i < 1 + runs; i++) {
    const scratch = await mkdtemp(join(bench.outDir, 'renovate-'));
    const report = join(scratch, 'report.json');
    try {
      const { sample } = await measure(bench, {
        label: 'renovate',
        command: peer.node,
        args: [peer.entry, '--platform=local', '--onboarding=false', '--require-config=optional', '--enabled-managers=kubernetes',
          '--report-type=file', `--report-path=${report}`],
        cwd: fixture.checkoutDir,
        env: { RENOVATE_CONFIG_FILE: configFile, RENOVATE_BASE_DIR: join(scratch, 'base'), RENOVATE_CACHE_DIR: join(scratch, 'cache'), LOG_LEVEL: 'warn' },
      });
      samples.push(sample);
      if (i === 0) {
        lookedUp = await dockerDeps(report);
        checks.push(check('exit code 0', sample.exitCode === 0),
          check('found every marked reference', lookedUp === fixture.expect.refs, `${lookedUp} docker dependencies (expected ${fixture.expect.refs})`));
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return scenarioResult(`Renovate ${peer.version} look-up`, `look-up only (report, no rewrite), Node ${peer.nodeVersion}, empty cache`,
    samples, checks, { version: peer.version, node: peer.nodeVersion, dependencies: lookedUp });
}

function renovateConfig(major: number) {
  // 40 renamed fileMatch (a regex string) to managerFilePatterns (a /regex/ string).
  const files = major >= 40 ? { managerFilePatterns: ['/\\.ya?ml$/'] } : { fileMatch: ['\\.ya?ml$'] };
  return {
    kubernetes: files,
    // The policies live in the same repository; their `spec.image` lines are not references.
    ignorePaths: ['policies/**'],
    hostRules: [{ hostType: 'docker', matchHost: '127.0.0.1', insecureRegistry: true }],
  };
}

interface Report {
  repositories?: Record<string, { packageFiles?: Record<string, { deps?: { datasource?: string }[] }[]> }>;
}

async function dockerDeps(reportFile: string): Promise<number> {
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
  let count = 0;
  for (const repo of Object.values(report.repositories ?? {})) {
    for (const files of Object.values(repo.packageFiles ?? {})) {
      for (const file of files) count += (file.deps ?? []).filter((d) => d.datasource === 'docker').length;
    }
  }
  return count;
}
