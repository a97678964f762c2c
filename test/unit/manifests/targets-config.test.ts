import { describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';

const policy = (targets: string) => `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: web
  namespace: apps
spec:
  image: ghcr.io/acme/web
  policy:
    semver: { range: ">=1.0.0" }
  targets:
${targets}`;

describe('spec.targets in a policy file', () => {
  it('compiles every entry with the policy it belongs to and the line it is declared on', () => {
    const { policies, problems } = parsePolicyFile(
      'p.yaml',
      policy(`    - files: ["apps/web/**/*.yaml"]
    - files: ["charts/web/values*.yaml"]
      helm: { repository: image.repository, tag: image.tag, digest: image.digest }
    - files: ["clusters/*/web.yaml"]
      path: spec.values.image.tag
      part: tag
    - files: ["charts/web/values.yaml"]
      helm: auto
`),
    );
    expect(problems).toEqual([]);
    expect(policies[0]?.targets).toEqual([
      { policy: 'apps:web', image: 'ghcr.io/acme/web', index: 0, spec: { kind: 'auto', files: ['apps/web/**/*.yaml'] }, source: { file: 'p.yaml', line: 11 } },
      {
        policy: 'apps:web',
        image: 'ghcr.io/acme/web',
        index: 1,
        spec: { kind: 'helm', files: ['charts/web/values*.yaml'], helm: { repository: 'image.repository', tag: 'image.tag', digest: 'image.digest' } },
        source: { file: 'p.yaml', line: 12 },
      },
      {
        policy: 'apps:web',
        image: 'ghcr.io/acme/web',
        index: 2,
        spec: { kind: 'path', files: ['clusters/*/web.yaml'], path: 'spec.values.image.tag', part: 'tag' },
        source: { file: 'p.yaml', line: 14 },
      },
      { policy: 'apps:web', image: 'ghcr.io/acme/web', index: 3, spec: { kind: 'helm', files: ['charts/web/values.yaml'], helm: 'auto' }, source: { file: 'p.yaml', line: 17 } },
    ]);
  });

  it('leaves policies without targets as they were', () => {
    const { policies } = parsePolicyFile('p.yaml', policy('').replace('  targets:\n', ''));
    expect(policies[0]).not.toHaveProperty('targets');
  });

  it.each([
    ['a path leaving the checkout', `    - files: ["apps/**", "../secrets/*.yaml"]\n`, /^11: spec\.targets\[0\]\.files\[1\]: "\.\.\/secrets\/\*\.yaml": .*leave the repository/],
    ['an absolute path', `    - files:\n        - /etc/kubernetes/*.yaml\n`, /^12: spec\.targets\[0\]\.files\[0\]: .*repo-relative/],
    ['helm and path together', `    - files: [a.yaml]\n      helm: auto\n      path: image.tag\n`, /^13: spec\.targets\[0\]\.path: set either helm or path/],
    ['an unknown field', `    - files: [a.yaml]\n      paht: image.tag\n`, /^12: spec\.targets\.0\.paht: unknown field "paht"/],
    ['an unknown part', `    - files: [a.yaml]\n      path: image.tag\n      part: version\n`, /^13: spec\.targets\.0\.part: /],
    ['no files', `    - helm: auto\n`, /^11: spec\.targets\.0\.files: required field is missing/],
  ])('reports %s at its line, and drops the policy', (_what, targets, expected) => {
    const { policies, problems } = parsePolicyFile('p.yaml', policy(targets));
    expect(policies).toEqual([]);
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([expect.stringMatching(expected)]);
  });
});
