import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';
import type { Policy } from '../../../src/config/types.js';
import { createRegistryClient, type RegistryClient } from '../../../src/registry/index.js';
import { scanPolicies } from '../../../src/scan.js';
import { countByKind, openRequestLog, type RequestLog } from '../../helpers/registry-log.js';
import { pushImage, tagManifest } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';

let registry: TestRegistry;
let log: RequestLog;
const clients: RegistryClient[] = [];
const digests: Record<string, string> = {};
const SOURCE = 'https://github.com/acme/app';

beforeAll(async () => {
  registry = await startRegistry();
  const url = registry.url;
  const labels = { 'org.opencontainers.image.source': SOURCE, 'org.opencontainers.image.revision': 'c0ffee' };
  const builds: [string, string][] = [
    ['main-0a1', '2024-03-01T00:00:00Z'], ['main-3f2', '2024-03-05T00:00:00Z'], ['main-7c3', '2024-03-03T00:00:00Z'],
    ['main-b14', '2024-03-02T00:00:00Z'], ['main-e55', '2024-03-04T00:00:00Z'], ['pr-9', '2024-04-01T00:00:00Z'],
  ];
  for (const [tag, created] of builds) digests[tag] = await pushImage(url, 'ci/app', tag, { created, labels });
  await tagManifest(url, 'ci/app', 'main-3f2', ['latest']);
  await pushImage(url, 'ci/multi', 'main-1', { created: '2024-01-01T00:00:00Z', archs: ['amd64', 'arm64'] });
  await pushImage(url, 'ci/multi', 'main-2', { created: '2024-02-01T00:00:00Z', archs: ['amd64', 'arm64'] });

  digests.oci = await pushImage(url, 'multi/app', '1.0.0', { archs: ['amd64', 'arm64'] });
  digests.list = await pushImage(url, 'multi/app', '1.1.0', { archs: ['amd64', 'arm64/v8'], format: 'docker' });
  digests.single = await pushImage(url, 'multi/app', '1.2.0', { archs: ['amd64'] });
  digests.armv7 = await pushImage(url, 'multi/app', '1.3.0', { archs: ['amd64', 'arm/v7'] });

  const annotations = { 'org.opencontainers.image.source': SOURCE, 'org.opencontainers.image.revision': 'feed' };
  await pushImage(url, 'ann/oci', '1.0.0', { archs: ['amd64', 'arm64'], annotations });
  await pushImage(url, 'ann/docker', '1.0.0', { format: 'docker', labels });
  log = await openRequestLog(registry);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await registry?.stop();
});

function client(): RegistryClient {
  const made = createRegistryClient({ settingsFor: () => ({ insecure: true }) });
  clients.push(made);
  return made;
}

function policy(name: string, repository: string, spec: string): Policy {
  const text = `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: ${name} }\nspec:\n  image: ${registry.host}/${repository}\n${spec}`;
  const parsed = parsePolicyFile('p.yaml', text);
  if (parsed.problems.length > 0 || !parsed.policies[0]) throw new Error(JSON.stringify(parsed.problems));
  return parsed.policies[0];
}

async function scanCounting(policies: Policy[], registryClient: RegistryClient, repository?: string) {
  await log.reset();
  const scan = await scanPolicies(policies, registryClient);
  return { scan, requests: countByKind(await log.since(), repository) };
}

describe('newest', () => {
  const newest = (cap = '') => `  policy:\n    newest: {${cap}}\n  filterTags: { pattern: '^main-' }\n`;

  it('selects the latest build, reading a manifest and a config per candidate once, then only HEADs', async () => {
    const shared = client();
    const first = await scanCounting([policy('app', 'ci/app', newest())], shared);
    expect(first.scan.outcomes[0]).toMatchObject({
      status: 'selected', selection: { tag: 'main-3f2', candidates: 5, filteredOut: 2, notInspected: 0 },
      source: SOURCE, revision: 'c0ffee',
    });
    expect(first.scan.updates.get('default:app')).toMatchObject({ tag: 'main-3f2', source: SOURCE, revision: 'c0ffee' });
    expect(first.scan.updates.get('default:app')).not.toHaveProperty('digest');
    expect(first.scan.problems).toEqual([]);
    expect(first.requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 5, 'GET manifests': 5, 'GET blobs': 5 });

    // A daemon's next cycle: tags may have moved, so HEADs again; the content they name is cached.
    const second = await scanCounting([policy('app', 'ci/app', newest())], shared);
    expect(second.scan.updates.get('default:app')?.tag).toBe('main-3f2');
    expect(second.requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 5 });
    expect(shared.stats().cache).toMatchObject({ misses: 10, entries: 10 });
  });

  it('inspects at most maxCandidates tags, the highest filter values, and says so', async () => {
    const { scan, requests } = await scanCounting([policy('app', 'ci/app', newest(' maxCandidates: 2 '))], client());
    // main-e55 and main-b14 are the two lexically greatest; main-3f2, the real newest, was not inspected.
    expect(scan.outcomes[0]?.selection).toMatchObject({ tag: 'main-e55', candidates: 2, notInspected: 3 });
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 2, 'GET manifests': 2, 'GET blobs': 2 });
    expect(scan.problems).toEqual([expect.objectContaining({
      severity: 'warning', policy: 'default:app', message: expect.stringContaining('5 tags pass the filter; build dates were read for 2'),
    })]);
  });

  it('dates a multi-platform image by one platform\'s config, and pins the index digest', async () => {
    const spec = `${newest()}  digestReflectionPolicy: Always\n`;
    const { scan, requests } = await scanCounting([policy('multi', 'ci/multi', spec)], client(), 'ci/multi');
    const head = await client().headManifest({ registry: registry.host, repository: 'ci/multi' }, 'main-2');
    expect(scan.updates.get('default:multi')).toMatchObject({ tag: 'main-2', digest: head.digest, digestReflection: 'Always' });
    expect(head.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    // Per tag: HEAD, the index, one platform's manifest, its config.
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 2, 'GET manifests': 4, 'GET blobs': 2 });
  });
});

describe('platforms', () => {
  const platforms = (list: string, extra = '') => `  policy:\n    semver: { range: "*" }\n  platforms: [${list}]\n${extra}`;

  it('walks down the ordering to the first tag offering every platform, and pins its index', async () => {
    const spec = platforms('linux/amd64, linux/arm64', '  digestReflectionPolicy: Always\n');
    const { scan, requests } = await scanCounting([policy('multi', 'multi/app', spec)], client());
    expect(scan.updates.get('default:multi')).toMatchObject({ tag: '1.1.0', digest: digests.list });
    expect(scan.outcomes[0]).toMatchObject({ status: 'selected', digest: digests.list, selection: { tag: '1.1.0', candidates: 4 } });
    expect(scan.problems).toEqual([expect.objectContaining({
      kind: 'candidate-skipped', severity: 'warning',
      message: 'default:multi: "1.3.0" does not offer linux/arm64; "1.2.0" does not offer linux/arm64; selected "1.1.0" instead',
    })]);
    // 1.3.0: HEAD + index; 1.2.0: HEAD + manifest + config (a single image's platform is in its config); 1.1.0: HEAD + list.
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 3, 'GET manifests': 3, 'GET blobs': 1 });
  });

  it.each([
    ['linux/amd64', '1.3.0'],
    ['linux/arm/v7', '1.3.0'],
    ['linux/arm', '1.3.0'],
    ['linux/arm64/v8', '1.1.0'],
  ])('%s selects %s', async (list, tag) => {
    const { scan } = await scanCounting([policy('multi', 'multi/app', platforms(list))], client());
    expect(scan.updates.get('default:multi')?.tag).toBe(tag);
  });

  it('selects nothing, and says why, when none of the best candidates qualifies', async () => {
    const { scan } = await scanCounting([policy('multi', 'multi/app', platforms('linux/s390x'))], client());
    expect(scan.updates.size).toBe(0);
    expect(scan.outcomes[0]?.status).toBe('no-candidate');
    expect(scan.problems[0]?.message).toMatch(/"1\.0\.0" does not offer linux\/s390x; none of the 4 best candidates can be used$/);
  });
});

describe('requests per policy', () => {
  it('a policy that asks for nothing beyond a tag reads no manifest during the scan', async () => {
    const { scan, requests } = await scanCounting([policy('plain', 'multi/app', '  policy:\n    semver: { range: "*" }\n')], client());
    expect(scan.updates.get('default:plain')?.tag).toBe('1.3.0');
    expect(scan.updates.get('default:plain')).not.toHaveProperty('source');
    expect(requests).toEqual({ 'GET tags': 1 });
  });

  it('digest pinning costs one HEAD per selected tag, however many policies select it', async () => {
    const pinned = (name: string) => policy(name, 'multi/app', '  policy:\n    semver: { range: "*" }\n  digestReflectionPolicy: IfNotPresent\n');
    const { scan, requests } = await scanCounting([pinned('a'), pinned('b')], client());
    expect(scan.updates.get('default:a')).toMatchObject({ tag: '1.3.0', digest: digests.armv7, digestReflection: 'IfNotPresent' });
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 1 });
  });

  it('sourceAnnotations reads an index\'s annotations, without its children', async () => {
    const spec = '  policy:\n    semver: { range: "*" }\n  sourceAnnotations: true\n';
    const { scan, requests } = await scanCounting([policy('ann', 'ann/oci', spec)], client());
    expect(scan.outcomes[0]).toMatchObject({ source: SOURCE, revision: 'feed' });
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 1, 'GET manifests': 1 });
  });

  it('sourceAnnotations falls back to config labels for Docker images, which carry no annotations', async () => {
    const spec = '  policy:\n    semver: { range: "*" }\n  sourceAnnotations: true\n';
    const { scan, requests } = await scanCounting([policy('ann', 'ann/docker', spec)], client());
    expect(scan.updates.get('default:ann')).toMatchObject({ source: SOURCE, revision: 'c0ffee' });
    expect(requests).toEqual({ 'GET tags': 1, 'HEAD manifests': 1, 'GET manifests': 1, 'GET blobs': 1 });
  });
});
