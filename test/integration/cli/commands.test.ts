import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/commands/check.js';
import { once } from '../../../src/commands/once.js';
import { plan } from '../../../src/commands/plan.js';
import { captureOutput } from '../../helpers/cli.js';
import { envRepoFiles, policy } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
const remotes: BareRemote[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-cli-'));
  for (const tag of ['1.0.0', '1.1.0', '1.2.0', '2.0.0', '1.3.0-rc.1']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['100', '250', '99', 'latest']) await pushImage(registry.url, 'acme/api', tag);
});
afterAll(async () => {
  await Promise.all(remotes.map((r) => r.cleanup()));
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

async function remoteWith(files: Record<string, string>) {
  const remote = await createBareRemote(files);
  remotes.push(remote);
  return remote;
}

async function configFor(remote: BareRemote, extra = ''): Promise<string> {
  const file = join(work, `config-${remotes.length}-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    file,
    `repo: { url: ${JSON.stringify(remote.url)}, branch: main }\npolicies: [policies]\npaths: [apps]\n` +
      `commit:\n  author: { name: Bump Bot, email: bump@example.test }\n${extra}`,
  );
  return file;
}

describe('plan', () => {
  it('prints the changes as JSON with repo-relative paths and writes nothing', async () => {
    const remote = await remoteWith(envRepoFiles(registry.host));
    const before = await remote.log('main');
    const io = captureOutput();
    const code = await plan({ config: await configFor(remote), json: true }, io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out.problems).toEqual([]);
    expect(out.changes.map((c: { file: string; policy: string; from: string; to: string }) => [c.file, c.policy, c.from, c.to])).toEqual([
      ['apps/api.yaml', 'apps:api', `${registry.host}/acme/api:100`, `${registry.host}/acme/api:250`],
      ['apps/values.yaml', 'apps:web', '1.0.0', '1.2.0'],
      ['apps/web.yaml', 'apps:web', `${registry.host}/acme/web:1.0.0`, `${registry.host}/acme/web:1.2.0`],
    ]);
    expect(await remote.log('main')).toEqual(before);
  });

  it('prints a readable unified diff', async () => {
    const remote = await remoteWith(envRepoFiles(registry.host));
    const io = captureOutput();
    await plan({ config: await configFor(remote) }, io);
    expect(io.stdout).toContain('--- a/apps/values.yaml\n+++ b/apps/values.yaml\n');
    expect(io.stdout).toContain('-  tag: "1.0.0" # {"$imagepolicy": "apps:web:tag"}\n+  tag: "1.2.0" # {"$imagepolicy": "apps:web:tag"}\n');
    expect(io.stdout).toContain('3 change(s):');
  });
});

describe('once', () => {
  it('pushes one commit listing every change, with the configured author, changing only the values', async () => {
    const files = envRepoFiles(registry.host);
    const remote = await remoteWith(files);
    const io = captureOutput();
    expect(await once({ config: await configFor(remote) }, io)).toBe(0);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ authorName: 'Bump Bot', authorEmail: 'bump@example.test', committerName: 'Bump Bot' });
    expect(log[0]!.message).toContain(`apps:api in apps/api.yaml:6: ${registry.host}/acme/api:100 → ${registry.host}/acme/api:250`);
    expect(log[0]!.message).toContain('apps:web (tag) in apps/values.yaml:2: 1.0.0 → 1.2.0');
    expect(await remote.readFile('main', 'apps/api.yaml')).toBe(files['apps/api.yaml']!.replace(':100', ':250'));
    expect(await remote.readFile('main', 'apps/web.yaml')).toBe(files['apps/web.yaml']!.replace('web:1.0.0', 'web:1.2.0'));
    expect(io.stdout).toMatch(/pushed [0-9a-f]{40} \(3 change\(s\), 1 attempt\(s\)\)/);

    const again = captureOutput();
    expect(await once({ config: await configFor(remote) }, again)).toBe(0);
    expect(again.stdout).toContain('nothing to commit');
    expect(await remote.log('main')).toHaveLength(2);
  });

  it('reports unknown markers, unparsable files and failing registries, and still commits the rest', async () => {
    const files = {
      ...envRepoFiles(registry.host),
      'policies/gone.yaml': policy('gone', `${registry.host}/acme/does-not-exist`, 'numerical: {}'),
      'apps/gone.yaml': `image: ${registry.host}/acme/does-not-exist:1 # {"$imagepolicy": "apps:gone"}\n`,
      'apps/typo.yaml': `image: x:1 # {"$imagepolicy": "apps:wbe"}\n`,
      'apps/template.yaml': `image: {{ .Values.image }} # {"$imagepolicy": "apps:web"}\n  bad: [\n`,
    };
    const remote = await remoteWith(files);
    const io = captureOutput();
    expect(await once({ config: await configFor(remote) }, io)).toBe(1);
    expect(io.stdout).toMatch(/error: apps:gone: .*acme\/does-not-exist.*404/);
    expect(io.stdout).toMatch(/error: apps\/typo\.yaml:1: .*apps:wbe/);
    expect(io.stdout).toMatch(/error: apps\/template\.yaml:\d+: /);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(await remote.readFile('main', 'apps/values.yaml')).toContain('"1.2.0"');
    expect(await remote.readFile('main', 'apps/gone.yaml')).toBe(files['apps/gone.yaml']);
    expect(await remote.readFile('main', 'apps/template.yaml')).toBe(files['apps/template.yaml']);
  });

  it('never moves an image backwards', async () => {
    const files = { ...envRepoFiles(registry.host), 'apps/values.yaml': 'image:\n  tag: "1.9.9" # {"$imagepolicy": "apps:web:tag"}\n' };
    const remote = await remoteWith(files);
    const io = captureOutput();
    await once({ config: await configFor(remote) }, io);
    expect(await remote.readFile('main', 'apps/values.yaml')).toBe(files['apps/values.yaml']);
    expect(io.stdout).toMatch(/warning: apps\/values\.yaml:2: .*1\.9\.9.*1\.2\.0/);
  });
});

describe('check', () => {
  it('prints every problem as FILE:LINE: message and exits 1', async () => {
    const dir = await mkdtemp(join(work, 'policies-'));
    await writeFile(join(dir, 'ok.yaml'), policy('ok', 'ghcr.io/acme/ok', 'semver: { range: "^1.0" }'));
    await writeFile(
      join(dir, 'bad.yaml'),
      policy('bad', 'ghcr.io/acme/bad', 'semver: { range: "1x" }', "  filterTags:\n    pattern: '(unclosed'\n"),
    );
    const io = captureOutput();
    expect(await check({ policies: dir }, io)).toBe(1);
    const lines = io.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${dir}/bad\\.yaml:9: spec\\.policy\\.semver\\.range: .*"1x"`)),
      expect.stringMatching(new RegExp(`^${dir}/bad\\.yaml:11: spec\\.filterTags\\.pattern: .*\\(unclosed`)),
    ]);
    expect(io.stdout).toBe('1 valid policy, 2 problem(s)\n');
  });

  it('validates policies inside the repository and exits 0 when all are valid', async () => {
    const remote = await remoteWith(envRepoFiles(registry.host));
    const io = captureOutput();
    expect(await check({ config: await configFor(remote) }, io)).toBe(0);
    expect(io.stdout).toBe('2 valid policies, 0 problem(s)\n');
  });

  it('exits 2 on a config that cannot be used, naming file and line', async () => {
    const file = join(work, 'broken.yaml');
    await writeFile(file, 'repo:\n  url: /x\npaths: apps\n');
    const io = captureOutput();
    expect(await check({ config: file }, io)).toBe(2);
    expect(io.stderr).toMatch(new RegExp(`^${file}:3: paths: `));
  });
});
