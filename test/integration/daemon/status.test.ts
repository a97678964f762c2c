import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { envRepoFiles } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let remote: BareRemote;
let work: string;
let config: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-status-'));
  for (const tag of ['1.0.0', '1.3.0']) await pushImage(registry.url, 'acme/web', tag);
  await pushImage(registry.url, 'acme/api', '100');
  remote = await createBareRemote(envRepoFiles(registry.host));
  config = join(work, 'imagebump.yaml');
  await writeFile(config, `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\nworkdir: ${join(work, 'wd')}\n`);
});

afterAll(async () => {
  await registry.stop();
  await remote.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('imagebump status', () => {
  it('prints, per policy, the value in Git, the latest candidate and why, and writes nothing', async () => {
    const r = await runCli(['status', '--config', config]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^POLICY\s+IN GIT\s+LATEST\s+STATUS$/);
    expect(lines.find((l) => l.startsWith('apps:web'))).toMatch(/^apps:web\s+1\.0\.0\s+1\.3\.0\s+update-pending: not applied yet: 2 places/);
    expect(lines.find((l) => l.startsWith('apps:api'))).toMatch(/^apps:api\s+100\s+100\s+up-to-date: up to date$/);
    expect(await remote.log('main')).toHaveLength(1);
  });

  it('prints JSON with --json', async () => {
    const r = await runCli(['status', '--config', config, '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { policies: Array<{ policy: string; state: string; current: string[]; latest: string }> };
    expect(body.policies.find((p) => p.policy === 'apps:web')).toMatchObject({ state: 'update-pending', current: ['1.0.0'], latest: '1.3.0' });
  });
});
