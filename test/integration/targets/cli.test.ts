import { readdir, readFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/commands/check.js';
import { once } from '../../../src/commands/once.js';
import { plan } from '../../../src/commands/plan.js';
import { captureOutput } from '../../helpers/cli.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
const remotes: BareRemote[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-targets-cli-'));
  for (const tag of ['1.0.0', '1.1.0', '1.2.0', '2.0.0']) await pushImage(registry.url, 'acme/web', tag);
  for (const tag of ['5.0.0', '5.0.3', '5.1.0']) await pushImage(registry.url, 'stefanprodan/podinfo', tag);
  for (const tag of ['main-aaaaaaa-100', 'main-bbbbbbb-250', 'main-ccccccc-99', 'latest']) await pushImage(registry.url, 'acme/worker', tag);
}, 120_000);
afterAll(async () => {
  await Promise.all(remotes.map((r) => r.cleanup()));
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function remoteWith(files: Record<string, string>): Promise<BareRemote> {
  const remote = await createBareRemote(files);
  remotes.push(remote);
  return remote;
}

async function configFor(remote: BareRemote, policies: string, paths: string): Promise<string> {
  const file = join(work, `config-${remotes.length}-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    file,
    `repo: { url: ${JSON.stringify(remote.url)}, branch: main }\npolicies: [${policies}]\npaths: [${paths}]\n` +
      'commit:\n  author: { name: Bump Bot, email: bump@example.test }\n',
  );
  return file;
}

function targetRepo(host: string): Record<string, string> {
  const web = `${host}/acme/web`;
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n` +
    `        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n        - name: web\n          image: ${web}:1.0.0 # no marker here\n`;
  return {
    'policies/web.yaml': `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: web
  namespace: apps
spec:
  image: ${web}
  policy:
    semver: { range: ">=1.0.0 <2.0.0" }
  targets:
    - files: ["apps/**/*.yaml", "!apps/legacy/**"]
    - files: ["charts/web/values*.yaml"]
      helm: auto
    - files: ["clusters/*/web.yaml"]
      path: spec.values.image.tag
      part: tag
`,
    'apps/web/deploy.yaml': deployment('web'),
    'apps/legacy/deploy.yaml': deployment('legacy'),
    'charts/web/values.yaml': `# chart defaults\nimage:\n  registry: ${host}\n  repository: acme/web\n  tag: "1.0.0"\n  pullPolicy: IfNotPresent\n`,
    'clusters/prod/web.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2\r\nkind: HelmRelease\r\nmetadata:\r\n  name: web\r\nspec:\r\n  values:\r\n    image:\r\n      tag: 1.0.0\r\n`,
  };
}

describe('targets through the CLI', () => {
  it('plan --json says which rule and target moved each value, and what each target found', async () => {
    const remote = await remoteWith(targetRepo(registry.host));
    const io = captureOutput();
    expect(await plan({ config: await configFor(remote, 'policies', 'apps'), json: true }, io)).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out.problems).toEqual([]);
    expect(out.changes.map((c: Record<string, unknown>) => [c.file, c.line, c.rule, c.target, c.found, c.from, c.to])).toEqual([
      ['apps/web/deploy.yaml', 12, 'target:auto', 0, 'Deployment/web spec.template.spec.containers[name=web].image', `${registry.host}/acme/web:1.0.0`, `${registry.host}/acme/web:1.2.0`],
      ['charts/web/values.yaml', 5, 'target:helm', 1, 'image.registry + image.repository + image.tag', '1.0.0', '1.2.0'],
      ['clusters/prod/web.yaml', 8, 'target:path', 2, 'spec.values.image.tag', '1.0.0', '1.2.0'],
    ]);
    expect(out.found).toHaveLength(3);
  });

  it('plan prints the rule beside each change', async () => {
    const remote = await remoteWith(targetRepo(registry.host));
    const io = captureOutput();
    await plan({ config: await configFor(remote, 'policies', 'apps') }, io);
    expect(io.stdout).toContain('apps:web (tag) in charts/web/values.yaml:5: 1.0.0 → 1.2.0  [targets[1] helm: image.registry + image.repository + image.tag]');
    expect(io.stdout).toContain('apps:web (tag) in clusters/prod/web.yaml:8: 1.0.0 → 1.2.0  [targets[2] path: spec.values.image.tag]');
    expect(io.stdout).toMatch(/Found by targets:\n- apps:web targets\[0\]: 1 in 1 file\(s\): apps\/web\/deploy\.yaml:12 /);
  });

  it('once commits every target\'s change byte-exactly, leaves excluded files alone, and is idempotent', async () => {
    const files = targetRepo(registry.host);
    const remote = await remoteWith(files);
    const config = await configFor(remote, 'policies', 'apps');
    const io = captureOutput();
    expect(await once({ config }, io)).toBe(0);
    const log = await remote.log('main');
    expect(log).toHaveLength(2);
    expect(log[0]!.message).toContain('apps:web (tag) in clusters/prod/web.yaml:8: 1.0.0 → 1.2.0');
    const swap = (text: string, from: string, to: string) => text.replace(from, to);
    expect(await remote.readFile('main', 'apps/web/deploy.yaml')).toBe(swap(files['apps/web/deploy.yaml']!, 'web:1.0.0', 'web:1.2.0'));
    expect(await remote.readFile('main', 'charts/web/values.yaml')).toBe(swap(files['charts/web/values.yaml']!, '"1.0.0"', '"1.2.0"'));
    expect(await remote.readFile('main', 'clusters/prod/web.yaml')).toBe(swap(files['clusters/prod/web.yaml']!, 'tag: 1.0.0', 'tag: 1.2.0'));
    expect(await remote.readFile('main', 'apps/legacy/deploy.yaml')).toBe(files['apps/legacy/deploy.yaml']);

    const again = captureOutput();
    expect(await once({ config }, again)).toBe(0);
    expect(again.stdout).toContain('nothing to commit');
    expect(await remote.log('main')).toHaveLength(2);
  });

  it('check refuses a target that reaches outside the repository, naming file and line', async () => {
    const files = targetRepo(registry.host);
    files['policies/web.yaml'] = files['policies/web.yaml']!.replace('"!apps/legacy/**"', '"../../etc/**"');
    const remote = await remoteWith(files);
    const io = captureOutput();
    expect(await check({ config: await configFor(remote, 'policies', 'apps') }, io)).toBe(1);
    expect(io.stderr).toMatch(/^policies\/web\.yaml:11: spec\.targets\[0\]\.files\[1\]: "\.\.\/\.\.\/etc\/\*\*": .*leave the repository/m);
  });
});

async function fluxRepo(host: string): Promise<Record<string, string>> {
  const root = join(import.meta.dirname, '../../fixtures/targets/flux-repo');
  const files: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else files[relative(root, path)] = (await readFile(path, 'utf8')).replaceAll('REGISTRY', host);
    }
  };
  await walk(root);
  return files;
}

describe('a Flux repository, as it is', () => {
  it('check reads its ImageRepository and ImagePolicy objects and warns about the cluster secret', async () => {
    const remote = await remoteWith(await fluxRepo(registry.host));
    const io = captureOutput();
    expect(await check({ config: await configFor(remote, 'clusters', 'apps') }, io)).toBe(0);
    expect(io.stdout).toBe('2 valid policies, 0 problem(s), 1 warning(s)\n');
    expect(io.stderr).toContain(`clusters/my-cluster/image-automation/podinfo-registry.yaml:9: warning: ImageRepository flux-system/podinfo: spec.secretRef (regcred)`);
    expect(io.stderr).toContain(`set credentials for ${registry.host} under registries:`);
  });

  it('once updates its markers with no change to any other file', async () => {
    const files = await fluxRepo(registry.host);
    const remote = await remoteWith(files);
    const io = captureOutput();
    expect(await once({ config: await configFor(remote, 'clusters', 'apps') }, io)).toBe(0);
    expect(io.stdout).toMatch(/warning: clusters\/my-cluster\/image-automation\/podinfo-registry\.yaml:9: .*secretRef/);
    const podinfo = `${registry.host}/stefanprodan/podinfo`;
    expect(await remote.readFile('main', 'apps/podinfo/deployment.yaml')).toBe(files['apps/podinfo/deployment.yaml']!.replace(`${podinfo}:5.0.0`, `${podinfo}:5.0.3`));
    expect(await remote.readFile('main', 'apps/podinfo/kustomization.yaml')).toBe(files['apps/podinfo/kustomization.yaml']!.replace('newTag: 5.0.0', 'newTag: 5.0.3'));
    expect(await remote.readFile('main', 'apps/worker/cronjob.yaml')).toBe(files['apps/worker/cronjob.yaml']!.replace('main-aaaaaaa-100', 'main-bbbbbbb-250'));
    for (const file of Object.keys(files).filter((f) => f.startsWith('clusters/'))) {
      expect(await remote.readFile('main', file)).toBe(files[file]);
    }
    const log = await remote.log('main');
    expect(log[0]!.message).toContain('flux-system:podinfo (tag) in apps/podinfo/kustomization.yaml:9: 5.0.0 → 5.0.3');
  });
});
