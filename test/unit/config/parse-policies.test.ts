import { describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';

const valid = `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: web
  namespace: apps
spec:
  image: registry.example.com/acme/web
  policy:
    semver: { range: ">=1.0.0 <2.0.0" }
  filterTags:
    pattern: '^main-[0-9a-f]{7}-(?<ts>\\d+)$'
    extract: '$ts'
`;

const lines = (text: string) => parsePolicyFile('p.yaml', text).problems.map((p) => `${p.line}: ${p.message}`);

describe('parsePolicyFile', () => {
  it('reads a valid policy with its id, repository and rules', () => {
    const { policies, problems } = parsePolicyFile('p.yaml', valid);
    expect(problems).toEqual([]);
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({
      id: 'apps:web',
      image: 'registry.example.com/acme/web',
      repo: { registry: 'registry.example.com', repository: 'acme/web' },
      rules: { ordering: { kind: 'semver', range: '>=1.0.0 <2.0.0' }, filterTags: { extract: '$ts' } },
      source: { file: 'p.yaml', line: 4 },
    });
  });

  it('puts a policy without namespace in "default"', () => {
    const { policies } = parsePolicyFile('p.yaml', valid.replace('  namespace: apps\n', ''));
    expect(policies[0]?.id).toBe('default:web');
  });

  it('ignores documents of other kinds and reads every policy of a multi-document file', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${valid}---\n${valid.replace('name: web', 'name: api')}`;
    const { policies, problems } = parsePolicyFile('p.yaml', text);
    expect(problems).toEqual([]);
    expect(policies.map((p) => p.id)).toEqual(['apps:web', 'apps:api']);
  });

  it.each([
    ['a bad range', valid.replace('>=1.0.0 <2.0.0', '1x'), /^9: spec\.policy\.semver\.range: .*"1x"/],
    ['a bad regex', valid.replace("'^main-[0-9a-f]{7}-(?<ts>\\d+)$'", "'^(unclosed'"), /^11: spec\.filterTags\.pattern: .*\^\(unclosed/],
    ['an unknown order', valid.replace('semver: { range: ">=1.0.0 <2.0.0" }', 'numerical: { order: sideways }'), /^9: spec\.policy\.numerical\.order: .*sideways/],
    ['a missing image', valid.replace('  image: registry.example.com/acme/web\n', ''), /^1: spec\.image: required field is missing/],
    ['an image with a tag', valid.replace('acme/web', 'acme/web:1.0'), /^7: spec\.image: invalid image "registry\.example\.com\/acme\/web:1\.0"/],
    ['an unknown field', valid.replace('  image:', '  imagee: x\n  image:'), /^7: spec\.imagee: unknown field "imagee"/],
    ['two orderings', valid.replace('    semver:', '    alphabetical: {}\n    semver:'), /^8: spec\.policy: exactly one of .*found semver and alphabetical/],
    ['a bad name', valid.replace('name: web', 'name: Web_1'), /^4: metadata\.name: must be a DNS-1123 name/],
  ])('reports %s with the line of its field', (_what, text, expected) => {
    const problems = lines(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('reports every problem of a policy, not only the first', () => {
    const text = valid.replace('>=1.0.0 <2.0.0', 'a').replace("'$ts'", "'$nope'").replace('acme/web', 'Acme/Web');
    const problems = lines(text);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join('\n')).toMatch(/spec\.image/);
    expect(problems.join('\n')).toMatch(/semver\.range/);
  });

  it('reports YAML that does not parse with its line, and keeps the other documents', () => {
    const text = `${valid}---\nkind: ImagePolicy\nspec: [unclosed\n`;
    const { policies, problems } = parsePolicyFile('p.yaml', text);
    expect(policies).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/cannot parse YAML/);
    expect(problems[0]?.line).toBeGreaterThan(13);
  });
});
