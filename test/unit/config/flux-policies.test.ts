import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFluxPolicies } from '../../../src/config/flux-policies.js';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';
import type { ConfigProblem, Policy } from '../../../src/config/types.js';

const REPO = join(import.meta.dirname, '../../fixtures/targets/flux-repo');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What loadPolicies does, without the disk: parse every file, then join Flux objects across files. */
function load(files: Record<string, string>): { policies: Policy[]; problems: ConfigProblem[] } {
  const parsed = Object.entries(files).map(([file, text]) => parsePolicyFile(file, text));
  const flux = resolveFluxPolicies(parsed.flatMap((p) => p.flux ?? []));
  return { policies: [...parsed.flatMap((p) => p.policies), ...flux.policies], problems: [...parsed.flatMap((p) => p.problems), ...flux.problems] };
}

const fixture = Object.fromEntries(
  filesUnder(REPO).map((path) => [relative(REPO, path), readFileSync(path, 'utf8').replaceAll('REGISTRY', 'ghcr.io')]),
);

const repository = (extra = '', name = 'web', image = 'ghcr.io/acme/web') => `apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageRepository
metadata:
  name: ${name}
  namespace: flux-system
spec:
  image: ${image}
  interval: 5m
${extra}`;

const imagePolicy = (spec = '    semver:\n      range: ">=1.0.0"\n', extra = '', ref = '    name: web\n') => `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: web
  namespace: flux-system
spec:
  imageRepositoryRef:
${ref}  policy:
${spec}${extra}`;

const messages = (problems: ConfigProblem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.severity ?? 'error'}: ${p.message}`);

describe('Flux ImageRepository + ImagePolicy objects', () => {
  it('read a realistic Flux repository as policies, joined across files', () => {
    const { policies, problems } = load(fixture);
    expect(policies.map((p) => p.id).sort()).toEqual(['flux-system:podinfo', 'flux-system:worker']);
    const podinfo = policies.find((p) => p.id === 'flux-system:podinfo')!;
    expect(podinfo).toMatchObject({
      image: 'ghcr.io/stefanprodan/podinfo',
      repo: { registry: 'ghcr.io', repository: 'stefanprodan/podinfo' },
      rules: { ordering: { kind: 'semver', range: '5.0.x' }, exclusionList: ['^.*\\.sig$', '^.*-debug$'] },
      source: { file: 'clusters/my-cluster/image-automation/podinfo-policy.yaml', line: 4 },
    });
    const worker = policies.find((p) => p.id === 'flux-system:worker')!;
    expect(worker.rules).toMatchObject({ ordering: { kind: 'numerical', order: 'asc' }, filterTags: { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)', extract: '$ts' } });
    expect(messages(problems)).toEqual([
      expect.stringMatching(/^clusters\/my-cluster\/image-automation\/podinfo-registry\.yaml:9: warning: .*secretRef \(regcred\).*dockerConfig:.*credentials for ghcr\.io/),
    ]);
  });

  it('maps digestReflectionPolicy to the policy', () => {
    const { policies, problems } = load({ 'r.yaml': repository(), 'p.yaml': imagePolicy(undefined, '  digestReflectionPolicy: IfNotPresent\n') });
    expect(problems).toEqual([]);
    expect(policies[0]?.digestReflection).toBe('IfNotPresent');
  });

  it('drops Flux\'s empty filterTags fields and follows a cross-namespace reference', () => {
    const ref = '    name: web\n    namespace: images\n';
    const repo = repository().replace('namespace: flux-system', 'namespace: images');
    const { policies, problems } = load({ 'r.yaml': repo, 'p.yaml': imagePolicy(undefined, "  filterTags:\n    pattern: ''\n    extract: ''\n", ref) });
    expect(problems).toEqual([]);
    expect(policies[0]).toMatchObject({ id: 'flux-system:web', image: 'ghcr.io/acme/web' });
    expect(policies[0]?.rules.filterTags).toBeUndefined();
  });

  it('puts objects without a namespace in "default", as markers name them', () => {
    const strip = (text: string) => text.replace('  namespace: flux-system\n', '');
    const { policies } = load({ 'all.yaml': `${strip(repository())}---\n${strip(imagePolicy())}` });
    expect(policies.map((p) => p.id)).toEqual(['default:web']);
  });

  it('reports each problem at the line of the Flux field it came from', () => {
    const { policies, problems } = load({
      'r.yaml': repository("  exclusionList: ['(unclosed']\n", 'web', 'ghcr.io/acme/web:1.0'),
      'p.yaml': imagePolicy('    semver:\n      range: "1x"\n'),
      'q.yaml': imagePolicy(undefined, '', '    name: missing\n').replace('name: web\n  namespace', 'name: other\n  namespace'),
    });
    expect(policies).toEqual([]);
    expect(messages(problems).sort()).toEqual([
      expect.stringMatching(/^p\.yaml:11: error: spec\.policy\.semver\.range: .*"1x"/),
      expect.stringMatching(/^q\.yaml:7: error: spec\.imageRepositoryRef: ImageRepository flux-system\/missing is not in the policies paths/),
      expect.stringMatching(/^r\.yaml:7: error: spec\.image: invalid image "ghcr\.io\/acme\/web:1\.0"/),
      expect.stringMatching(/^r\.yaml:9: error: spec\.exclusionList\[0\]: .*\(unclosed/),
    ]);
  });

  it('warns, naming the registry, about credentials and transport it cannot take from the cluster', () => {
    const extra = '  provider: aws\n  serviceAccountName: image-reader\n  certSecretRef:\n    name: ca\n  proxySecretRef:\n    name: proxy\n  insecure: true\n';
    const { policies, problems } = load({ 'r.yaml': repository(extra, 'web', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web'), 'p.yaml': imagePolicy() });
    expect(policies).toHaveLength(1);
    expect(problems.every((p) => p.severity === 'warning' && p.file === 'r.yaml')).toBe(true);
    expect(messages(problems)).toEqual([
      expect.stringMatching(/^r\.yaml:9: warning: .*provider aws.*credentialHelper: ecr-login under registries:/),
      expect.stringMatching(/^r\.yaml:10: warning: .*serviceAccountName \(image-reader\).*123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com/),
      expect.stringMatching(/^r\.yaml:11: warning: .*certSecretRef \(ca\).*caFile/),
      expect.stringMatching(/^r\.yaml:13: warning: .*proxySecretRef \(proxy\).*HTTPS_PROXY/),
      expect.stringMatching(/^r\.yaml:15: warning: .*insecure: true/),
    ]);
  });

  it('keeps a suspended policy declared but marks it, with a warning', () => {
    const { policies, problems } = load({ 'r.yaml': repository('  suspend: true\n'), 'p.yaml': imagePolicy() });
    expect(policies[0]).toMatchObject({ id: 'flux-system:web', suspended: true });
    expect(messages(problems)).toEqual([expect.stringMatching(/^r\.yaml:9: warning: ImageRepository flux-system\/web is suspended/)]);
  });

  it('refuses API versions it does not know, and duplicate repositories', () => {
    const { policies, problems } = load({
      'old.yaml': repository().replace('v1beta2', 'v1alpha1'),
      'r.yaml': repository(),
      'r2.yaml': repository(),
      'p.yaml': imagePolicy(),
    });
    expect(policies.map((p) => p.id)).toEqual(['flux-system:web']);
    expect(messages(problems)).toEqual([
      expect.stringMatching(/^old\.yaml:1: error: apiVersion: image\.toolkit\.fluxcd\.io\/v1alpha1 is not supported/),
      expect.stringMatching(/^r2\.yaml:4: error: duplicate ImageRepository flux-system\/web \(also at r\.yaml:4\)/),
    ]);
  });
});
