import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../src/commands/deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { runCycle } from '../../../src/cycle.js';
import { createLogger } from '../../../src/log/logger.js';
import type { Registry } from '../../../src/registry/index.js';
import { policy } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { deleteTag, openRequestLog } from '../../helpers/registry-log.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
const remotes: BareRemote[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-vanished-'));
});

afterAll(async () => {
  await Promise.all(remotes.map((r) => r.cleanup()));
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A fresh repository per test, since deleting a tag changes it for good. */
async function pushVersions(repository: string, versions: string[]): Promise<void> {
  for (const [i, v] of versions.entries()) await pushImage(registry.url, repository, v, { created: `2024-01-0${i + 1}T00:00:00Z` });
}

/**
 * Runs one real cycle (clone, scan, rewrite, commit, push) whose registry deletes `doomed` right after
 * listing the tags: the race the HEAD before writing exists for.
 */
async function cycleDeleting(repository: string, doomed: string[], extraSpec = '') {
  const image = `${registry.host}/${repository}`;
  const remote = await createBareRemote({
    'policies/app.yaml': policy('app', image, 'semver: { range: "*" }', extraSpec),
    'apps/app.yaml': `image: ${image}:1.0.0 # {"$imagepolicy": "apps:app"}\n`,
  });
  remotes.push(remote);
  const file = join(work, `config-${remotes.length}.yaml`);
  await writeFile(file, `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\ncommit: { author: { name: Bot, email: bot@example.test } }\n`);
  const { config } = await loadConfig(file);
  if (!config) throw new Error('config did not load');
  const deps = createDeps(config, createLogger('silent'));
  const real = deps.registry;
  const racing: Registry = {
    ...real,
    listTags: async (repo) => {
      const listing = await real.listTags(repo);
      for (const tag of doomed) await deleteTag(registry, repository, tag);
      return listing;
    },
  };
  const report = await runCycle(config, { ...deps, registry: racing }, { dryRun: false });
  return { report, remote, image };
}

describe('a tag deleted between listing and writing', () => {
  it('never reaches Git: the next candidate that exists is written instead', async () => {
    await pushVersions('race/one', ['1.0.0', '1.1.0', '1.2.0']);
    const log = await openRequestLog(registry);
    const { report, remote, image } = await cycleDeleting('race/one', ['1.2.0']);
    expect(await remote.readFile('main', 'apps/app.yaml')).toBe(`image: ${image}:1.1.0 # {"$imagepolicy": "apps:app"}\n`);
    expect(report.changes.map((c) => c.to)).toEqual([`${image}:1.1.0`]);
    expect(report.problems).toEqual([expect.objectContaining({
      kind: 'candidate-skipped', severity: 'warning',
      message: 'apps:app: "1.2.0" no longer exists in the registry; "1.1.0" is written instead',
    })]);
    expect(report.policies[0]?.selection?.tag).toBe('1.1.0');
    // The listing, the test's own HEAD + DELETE, then one HEAD per tag tried before writing.
    expect((await log.since()).map((r) => `${r.method} ${r.path.replace(/sha256:\w+/, 'DIGEST')} ${r.status}`)).toEqual([
      'GET /v2/race/one/tags/list?n=1000 200',
      'HEAD /v2/race/one/manifests/1.2.0 200',
      'DELETE /v2/race/one/manifests/DIGEST 202',
      'HEAD /v2/race/one/manifests/1.2.0 404',
      'HEAD /v2/race/one/manifests/1.1.0 200',
    ]);
  });

  it('writes nothing for the policy when no candidate is left', async () => {
    await pushVersions('race/all', ['1.0.0', '1.1.0']);
    const { report, remote, image } = await cycleDeleting('race/all', ['1.1.0', '1.0.0']);
    expect(await remote.readFile('main', 'apps/app.yaml')).toBe(`image: ${image}:1.0.0 # {"$imagepolicy": "apps:app"}\n`);
    expect(report.changes).toEqual([]);
    expect((await remote.log('main')).length).toBe(1);
    expect(report.problems.map((p) => p.message)).toEqual([
      'apps:app: "1.1.0" no longer exists in the registry; "1.0.0" no longer exists in the registry; nothing is written for it',
    ]);
  });

  it('a digest-pinning policy confirms its tag during the scan and walks down there', async () => {
    await pushVersions('race/pinned', ['1.0.0', '1.1.0', '1.2.0']);
    const { report, remote, image } = await cycleDeleting('race/pinned', ['1.2.0'], '  digestReflectionPolicy: Always\n');
    const head = await fetch(`${registry.url}/v2/race/pinned/manifests/1.1.0`, {
      method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    const digest = head.headers.get('docker-content-digest');
    expect(await remote.readFile('main', 'apps/app.yaml')).toBe(`image: ${image}:1.1.0@${digest} # {"$imagepolicy": "apps:app"}\n`);
    expect(report.policies[0]).toMatchObject({ digest });
  });
});
