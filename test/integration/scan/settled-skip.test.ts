import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../../src/commands/deps.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { runCycle } from '../../../src/cycle.js';
import { createLogger } from '../../../src/log/logger.js';
import { policy } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
let remote: BareRemote;
let image: string;
let configFile: string;

const marker = '# {"$imagepolicy": "apps:app"}';

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-settled-'));
  for (const [i, v] of ['1.0.0', '1.1.0'].entries()) await pushImage(registry.url, 'settled/app', v, { created: `2024-01-0${i + 1}T00:00:00Z` });
  image = `${registry.host}/settled/app`;
  remote = await createBareRemote({
    'policies/app.yaml': policy('app', image, 'semver: { range: "*" }'),
    'apps/current.yaml': `image: ${image}:1.1.0 ${marker}\n`,
    'apps/quoted.yaml': `containers:\n  - name: app\n    image: "${image}:1.1.0" ${marker}\n`,
    'apps/behind.yaml': `image: ${image}:1.0.0 ${marker}\n`,
    // Current where it is marked, broken further down.
    'apps/broken.yaml': `image: ${image}:1.1.0 ${marker}\nports: [80\n`,
  });
  configFile = join(work, 'config.yaml');
  await writeFile(configFile, `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\ncommit: { author: { name: Bot, email: bot@example.test } }\n`);
});

afterAll(async () => {
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function cycle(dryRun: boolean) {
  const { config } = await loadConfig(configFile);
  if (!config) throw new Error('config did not load');
  return runCycle(config, createDeps(config, createLogger('silent')), { dryRun });
}

describe('files whose markers already hold their values', () => {
  it('plan parses every marked file and reports the broken one', async () => {
    const report = await cycle(true);
    expect(report.stats.filesParsed).toBe(4);
    expect(report.changes.map((c) => `${c.file} ${c.to}`)).toEqual([`apps/behind.yaml ${image}:1.1.0`]);
    expect(report.problems.map((p) => `${p.kind} ${p.file}`)).toEqual(['parse-error apps/broken.yaml']);
  });

  it('a cycle that writes parses only the file that moves, and the next one parses none', async () => {
    const first = await cycle(false);
    expect(first.stats.filesParsed).toBe(1);
    expect(first.published?.pushed).toBe(true);
    expect(first.problems).toEqual([]);
    expect(await remote.readFile('main', 'apps/behind.yaml')).toBe(`image: ${image}:1.1.0 ${marker}\n`);

    const head = (await remote.log('main'))[0]?.sha;
    const second = await cycle(false);
    expect(second.stats.filesParsed).toBe(0);
    expect(second.changes).toEqual([]);
    expect(second.published).toBeUndefined();
    expect((await remote.log('main'))[0]?.sha).toBe(head);
  });
});
