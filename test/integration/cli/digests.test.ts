import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from '../../../src/commands/once.js';
import { plan } from '../../../src/commands/plan.js';
import { captureOutput } from '../../helpers/cli.js';
import { policy } from '../../helpers/env-repo.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let work: string;
let remote: BareRemote;
let configFile: string;
const d: Record<string, string> = {};
const OLD = `sha256:${'0'.repeat(64)}`;

const LATEST = `'^latest$'`;
const edge = (name: string, reflection: string) =>
  policy(name, `${registry?.host}/acme/edge`, 'alphabetical: {}', `  filterTags: { pattern: ${LATEST} }\n  digestReflectionPolicy: ${reflection}\n`);

function files(host: string): Record<string, string> {
  return {
    'policies/web.yaml': policy('web', `${host}/acme/web`, 'semver: { range: "^1" }', '  digestReflectionPolicy: IfNotPresent\n'),
    'policies/multi.yaml': policy('multi', `${host}/acme/multi`, 'semver: { range: "*" }',
      '  digestReflectionPolicy: Always\n  platforms: [linux/amd64, linux/arm64]\n'),
    'policies/edge.yaml': [edge('edge-always', 'Always'), edge('edge-ifnp', 'IfNotPresent'), edge('edge-never', 'Never')].join('---\n'),
    'apps/web.yaml': `image: ${host}/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
    'apps/kustomization.yaml': 'images:\n  - name: web\n' +
      '    newTag: "1.0.0" # {"$imagepolicy": "apps:web:tag"}\n' +
      `    digest: ${OLD} # {"$imagepolicy": "apps:web:digest"}\n`,
    'apps/multi.yaml': `image: ${host}/acme/multi:1.0.0 # {"$imagepolicy": "apps:multi"}\n`,
    'apps/edge.yaml': [
      `always: ${host}/acme/edge:latest # {"$imagepolicy": "apps:edge-always"}`,
      `ifnp: ${host}/acme/edge:latest # {"$imagepolicy": "apps:edge-ifnp"}`,
      `never: ${host}/acme/edge:latest # {"$imagepolicy": "apps:edge-never"}`,
      '',
    ].join('\n'),
  };
}

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-digests-'));
  const url = registry.url;
  await pushImage(url, 'acme/web', '1.0.0');
  d.web = await pushImage(url, 'acme/web', '1.1.0', { created: '2024-02-01T00:00:00Z' });
  d.multi = await pushImage(url, 'acme/multi', '1.1.0', { archs: ['amd64', 'arm64'] });
  await pushImage(url, 'acme/multi', '1.2.0', { archs: ['amd64'] });
  d.edgeA = await pushImage(url, 'acme/edge', 'latest', { created: '2024-03-01T00:00:00Z' });
  remote = await createBareRemote(files(registry.host));
  configFile = join(work, 'config.yaml');
  await writeFile(configFile, `repo: { url: ${JSON.stringify(remote.url)} }\npolicies: [policies]\npaths: [apps]\n` +
    'commit: { author: { name: Bot, email: bot@example.test } }\n');
});

afterAll(async () => {
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('digest pinning through once', () => {
  it('writes tag@digest and :digest markers, pinning a multi-platform tag by its index', async () => {
    const io = captureOutput();
    expect(await once({ config: configFile }, io)).toBe(0);
    const host = registry.host;
    expect(await remote.readFile('main', 'apps/web.yaml')).toBe(`image: ${host}/acme/web:1.1.0@${d.web} # {"$imagepolicy": "apps:web"}\n`);
    expect(await remote.readFile('main', 'apps/kustomization.yaml')).toBe('images:\n  - name: web\n' +
      '    newTag: "1.1.0" # {"$imagepolicy": "apps:web:tag"}\n' +
      `    digest: ${d.web} # {"$imagepolicy": "apps:web:digest"}\n`);
    // 1.2.0 is amd64 only: the policy wants arm64 too, so 1.1.0's index is pinned.
    expect(await remote.readFile('main', 'apps/multi.yaml')).toBe(`image: ${host}/acme/multi:1.1.0@${d.multi} # {"$imagepolicy": "apps:multi"}\n`);
    expect(io.stdout).toMatch(/warning: apps:multi: "1\.2\.0" does not offer linux\/arm64; selected "1\.1\.0" instead/);
    expect(await remote.readFile('main', 'apps/edge.yaml')).toBe([
      `always: ${host}/acme/edge:latest@${d.edgeA} # {"$imagepolicy": "apps:edge-always"}`,
      `ifnp: ${host}/acme/edge:latest@${d.edgeA} # {"$imagepolicy": "apps:edge-ifnp"}`,
      `never: ${host}/acme/edge:latest # {"$imagepolicy": "apps:edge-never"}`,
      '',
    ].join('\n'));
  });

  it('follows a retagged latest under Always, keeps the pin under IfNotPresent', async () => {
    const edgeB = await pushImage(registry.url, 'acme/edge', 'latest', { created: '2024-04-01T00:00:00Z' });
    expect(edgeB).not.toBe(d.edgeA);
    const preview = captureOutput();
    expect(await plan({ config: configFile, json: true }, preview)).toBe(0);
    const planned = JSON.parse(preview.stdout) as { changes: { policy: string; to: string }[]; policies: { policy: string; digest?: string }[] };
    expect(planned.changes.map((c) => [c.policy, c.to])).toEqual([['apps:edge-always', `${registry.host}/acme/edge:latest@${edgeB}`]]);
    expect(planned.policies.find((p) => p.policy === 'apps:edge-ifnp')?.digest).toBe(edgeB);

    const io = captureOutput();
    expect(await once({ config: configFile }, io)).toBe(0);
    const log = await remote.log('main');
    expect(log).toHaveLength(3);
    expect(log[0]!.message).toContain(`latest@${edgeB}`);
    expect(await remote.readFile('main', 'apps/edge.yaml')).toBe([
      `always: ${registry.host}/acme/edge:latest@${edgeB} # {"$imagepolicy": "apps:edge-always"}`,
      `ifnp: ${registry.host}/acme/edge:latest@${d.edgeA} # {"$imagepolicy": "apps:edge-ifnp"}`,
      `never: ${registry.host}/acme/edge:latest # {"$imagepolicy": "apps:edge-never"}`,
      '',
    ].join('\n'));
  });
});
