import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { policy } from '../../helpers/env-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { countByKind, openRequestLog, type RequestLog } from '../../helpers/registry-log.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { FORGES, scenario, type Scenario } from './setup.js';

let registry: TestRegistry;
let log: RequestLog;
let open: Scenario[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  log = await openRequestLog(registry);
});
afterAll(async () => {
  await registry.stop();
});
afterEach(async () => {
  for (const s of open) expect(s.fake.violations).toEqual([]);
  await Promise.all(open.map((s) => s.cleanup()));
  open = [];
});

const [GITHUB, GITLAB] = FORGES;
const REV = { a: 'aaaa1111aaaa1111', b: 'bbbb2222bbbb2222', c: 'cccc3333cccc3333', d: 'dddd4444dddd4444' };

async function push(repository: string, tag: string, source: string, revision: string): Promise<void> {
  const annotations = { 'org.opencontainers.image.source': source, 'org.opencontainers.image.revision': revision };
  await pushImage(registry.url, repository, tag, { annotations });
}

const marker = (repo: string, name: string, tag: string) => `image: ${repo}/${name}:${tag} # {"$imagepolicy": "apps:${name}"}\n`;
const OPT_IN = '  sourceAnnotations: true\n';

describe('compare links in pull-request bodies', () => {
  it('reads the replaced image of opted-in policies only, and links the compare view on GitHub', async () => {
    const ns = 'cmp-github';
    const repo = `${registry.host}/${ns}`;
    const source = 'https://github.com/acme/web';
    await push(`${ns}/web`, '1.0.0', source, REV.a);
    await push(`${ns}/web`, '1.1.0', source, REV.b);
    // Annotated too: what keeps these from being read is the policy, not the image.
    for (const [tag, rev] of [['100', REV.c], ['101', REV.d]] as const) await push(`${ns}/api`, tag, 'https://github.com/acme/api', rev);
    for (const [tag, rev] of [['1', REV.c], ['2', REV.d]] as const) await push(`${ns}/lib`, tag, 'https://github.com/acme/lib', rev);
    const files = {
      'policies/web.yaml': policy('web', `${repo}/web`, 'semver: { range: "^1.0.0" }', OPT_IN),
      'policies/api.yaml': policy('api', `${repo}/api`, 'numerical: {}'),
      // Opted in, but committed straight to the branch: commit messages have no compare link to fill.
      'policies/lib.yaml': policy('lib', `${repo}/lib`, 'numerical: {}', `${OPT_IN}  update: { write: commit }\n`),
      'apps/web.yaml': marker(repo, 'web', '1.0.0'),
      'apps/api.yaml': marker(repo, 'api', '100'),
      'apps/lib.yaml': marker(repo, 'lib', '1'),
    };
    const s = await scenario(GITHUB, files);
    open.push(s);
    await log.reset();

    const run = await s.run();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = s.fake.pull(1)!.body;
    expect(body).toContain(
      `- apps:web: [github.com/acme/web](${source}) · commit [${REV.b.slice(0, 12)}](${source}/commit/${REV.b})` +
        ` · [compare 1.0.0 → 1.1.0](${source}/compare/${REV.a}...${REV.b})`,
    );
    // api has annotations but did not opt in: no source line at all.
    expect(body).not.toContain('acme/api');
    expect(await s.remote.readFile('main', 'apps/lib.yaml')).toBe(marker(repo, 'lib', '2'));

    // At the registry: the old tag of the opted-in pull-request policy costs one HEAD and one manifest
    // (annotations in the manifest, so no config); the others cost what they cost without this feature.
    const requests = await log.since();
    expect(countByKind(requests, `${ns}/web`)).toEqual({ 'GET tags': 1, 'HEAD manifests': 2, 'GET manifests': 2 });
    expect(requests.filter((r) => r.method === 'HEAD').map((r) => r.path).filter((p) => p.includes('/web/'))).toEqual([
      `/v2/${ns}/web/manifests/1.1.0`,
      `/v2/${ns}/web/manifests/1.0.0`,
    ]);
    expect(countByKind(requests, `${ns}/api`)).toEqual({ 'GET tags': 1, 'HEAD manifests': 1 });
    expect(requests.some((r) => r.path.endsWith(`/${ns}/api/manifests/100`))).toBe(false);
    // lib reads its new image (sourceAnnotations) during the scan, never its old one.
    expect(countByKind(requests, `${ns}/lib`)).toEqual({ 'GET tags': 1, 'HEAD manifests': 1, 'GET manifests': 1 });
    expect(requests.some((r) => r.path.endsWith(`/${ns}/lib/manifests/1`))).toBe(false);

    // Nothing new: the same body is rendered again, so the pull request needs no write.
    const writes = s.fake.writes().length;
    expect((await s.run()).stdout).toContain('pull request #1 unchanged');
    expect(s.fake.writes()).toHaveLength(writes);
  }, 60_000);

  it('uses GitLab\'s compare layout for sources on the configured GitLab host', async () => {
    const ns = 'cmp-gitlab';
    const repo = `${registry.host}/${ns}`;
    const s = await scenario(GITLAB, {
      'policies/web.yaml': policy('web', `${repo}/web`, 'semver: { range: "^1.0.0" }', OPT_IN),
      'apps/web.yaml': marker(repo, 'web', '1.0.0'),
    });
    open.push(s);
    // A self-hosted GitLab: its name says nothing, but it is the forge the config names.
    const source = `${new URL(s.fake.url).origin}/acme/web`;
    await push(`${ns}/web`, '1.0.0', source, REV.a);
    await push(`${ns}/web`, '1.1.0', source, REV.b);

    const run = await s.run();
    expect(run.code).toBe(0);
    expect(s.fake.pull(1)!.body).toContain(
      `commit [${REV.b.slice(0, 12)}](${source}/-/commit/${REV.b}) · [compare 1.0.0 → 1.1.0](${source}/-/compare/${REV.a}...${REV.b})`,
    );
  }, 60_000);
});
