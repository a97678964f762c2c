import { describe, expect, it } from 'vitest';
import { compileTarget, compileTargetInput, globProblem } from '../../../src/manifests/targets/index.js';
import type { PolicyTarget, TargetSpec } from '../../../src/manifests/targets/index.js';

const target = (spec: TargetSpec, image = 'ghcr.io/acme/web'): PolicyTarget => ({ policy: 'apps:web', image, index: 0, spec });

describe('target globs', () => {
  it('matches repo-relative paths, with "!" patterns excluding', () => {
    const c = compileTarget(target({ kind: 'auto', files: ['apps/**/*.yaml', './clusters/*/web.yaml', '!apps/legacy/**'] }));
    expect(c.matches('apps/web/deploy.yaml')).toBe(true);
    expect(c.matches('apps/deploy.yaml')).toBe(true);
    expect(c.matches('apps/legacy/deploy.yaml')).toBe(false);
    expect(c.matches('clusters/prod/web.yaml')).toBe(true);
    expect(c.matches('clusters/prod/api.yaml')).toBe(false);
    expect(c.matches('../apps/web.yaml')).toBe(false);
    expect(c.bases.sort()).toEqual(['apps', 'clusters']);
  });

  it('walks from the root when a pattern has no fixed prefix', () => {
    expect(compileTarget(target({ kind: 'auto', files: ['**/values.yaml'] })).bases).toEqual(['.']);
  });

  it.each([
    ['../outside/*.yaml', /leave the repository/],
    ['apps/../../x.yaml', /leave the repository/],
    ['/etc/*.yaml', /repo-relative/],
    ['!/etc/x', /repo-relative/],
    ['C:\\x\\*.yaml', /repo-relative/],
    ['!', /empty/],
  ])('refuses %s', (pattern, reason) => expect(globProblem(pattern)).toMatch(reason));

  it('screens auto targets by the image name bytes, explicit paths not at all', () => {
    const auto = compileTarget(target({ kind: 'auto', files: ['**'] }));
    expect(auto.screen(Buffer.from('image: ghcr.io/acme/web:1'))).toBe(true);
    expect(auto.screen(Buffer.from('repository: acme/web'))).toBe(true);
    expect(auto.screen(Buffer.from('image: ghcr.io/acme/api:1'))).toBe(false);
    const helmAuto = compileTarget(target({ kind: 'helm', files: ['**'], helm: 'auto' }, 'nginx'));
    expect(helmAuto.screen('image: docker.io/library/nginx:1')).toBe(true);
    expect(helmAuto.screen('image: redis:7')).toBe(false);
  });

  it('screens explicit paths by the last key they name, since the value need not mention the image', () => {
    const path = compileTarget(target({ kind: 'path', files: ['**'], path: 'spec.values.image.tag', part: 'tag' }));
    expect(path.screen(Buffer.from('image: {tag: 1.0}'))).toBe(true);
    expect(path.screen(Buffer.from('image: {version: 1.0}'))).toBe(false);
    const helm = compileTarget(target({ kind: 'helm', files: ['**'], helm: { repository: 'img.repo', tag: 'img.version', digest: 'img.sha' } }));
    expect(helm.screen('img: {sha: "sha256:…"}')).toBe(true);
    expect(helm.screen('img: {tag: "1"}')).toBe(false);
    const item = compileTarget(target({ kind: 'path', files: ['**'], path: 'spec.args[1]', part: 'tag' }));
    expect(item.screen('anything')).toBe(true);
  });
});

describe('target entries', () => {
  const owner = { policy: 'apps:web', image: 'ghcr.io/acme/web', index: 2 };
  const problems = (input: Parameters<typeof compileTargetInput>[0]) =>
    compileTargetInput(input, owner).problems.map((p) => `${p.field.join('.')}: ${p.message}`);

  it('compiles each kind', () => {
    expect(compileTargetInput({ files: ['a/*.yaml'] }, owner).target?.spec).toEqual({ kind: 'auto', files: ['a/*.yaml'] });
    expect(compileTargetInput({ files: ['v.yaml'], helm: 'auto' }, owner).target?.spec).toEqual({ kind: 'helm', files: ['v.yaml'], helm: 'auto' });
    expect(compileTargetInput({ files: ['c.yaml'], path: 'spec.values.image.tag' }, owner).target).toEqual({
      ...owner,
      spec: { kind: 'path', files: ['c.yaml'], path: 'spec.values.image.tag', part: 'whole' },
    });
  });

  it.each([
    [{ files: ['../x.yaml'] }, /^files\.0: "\.\.\/x\.yaml": .*leave the repository/],
    [{ files: ['!a/**'] }, /^files: needs at least one pattern/],
    [{ files: ['a'], helm: 'auto' as const, path: 'x' }, /^path: set either helm or path/],
    [{ files: ['a'], part: 'tag' as const }, /^part: part applies to a path target only/],
    [{ files: ['a'], path: 'a..b' }, /^path: "a\.\.b" is not a YAML path/],
    [{ files: ['a'], helm: { repository: 'image.repository' } }, /^helm: name the value to write/],
    [{ files: ['a'], helm: { image: 'image', repository: 'repo', tag: 'tag' } }, /^helm\.image: image holds the whole name/],
    [{ files: ['a'], helm: { registry: 'image.registry', tag: 'image.tag' } }, /^helm\.registry: registry needs repository/],
    [{ files: ['a'], helm: { tag: 'image[' } }, /^helm\.tag: "image\[" is not a YAML path/],
  ])('reports %j at its field', (input, expected) => {
    const found = problems(input);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });
});
