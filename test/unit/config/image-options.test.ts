import { describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';

const doc = (spec: string) => `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: web
spec:
  image: registry.example.com/acme/web
${spec}`;

const lines = (text: string) => parsePolicyFile('p.yaml', text).problems.map((p) => `${p.line}: ${p.message}`);

describe('policy image options', () => {
  it('reads newest, digest pinning, platforms and source annotations', () => {
    const { policies, problems } = parsePolicyFile('p.yaml', doc(`  policy:
    newest: { maxCandidates: 5 }
  digestReflectionPolicy: Always
  platforms: [linux/amd64, linux/arm64/v8, linux/aarch64]
  sourceAnnotations: true
`));
    expect(problems).toEqual([]);
    expect(policies[0]).toMatchObject({
      rules: { ordering: { kind: 'newest', maxCandidates: 5 } },
      digestReflection: 'Always',
      platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }],
      sourceAnnotations: true,
    });
  });

  it('leaves a policy without the options exactly as before (Never tracks no digest)', () => {
    const { policies } = parsePolicyFile('p.yaml', doc(`  policy:\n    newest: {}\n  digestReflectionPolicy: Never\n`));
    expect(policies[0]).not.toHaveProperty('digestReflection');
    expect(policies[0]).not.toHaveProperty('platforms');
    expect(policies[0]?.rules.ordering).toEqual({ kind: 'newest', maxCandidates: undefined });
  });

  it('reports a bad platform, a bad reflection policy and a bad cap on their lines', () => {
    expect(lines(doc(`  policy:\n    newest: {}\n  platforms:\n    - linux/amd64\n    - arm64\n`))).toEqual([
      '11: spec.platforms[1]: "arm64" is not a platform; write os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7',
    ]);
    expect(lines(doc(`  policy:\n    newest: {}\n  digestReflectionPolicy: always\n`))[0]).toMatch(/^9: spec\.digestReflectionPolicy: .*"always"/);
    expect(lines(doc(`  policy:\n    newest: { maxCandidates: 0 }\n`))[0]).toMatch(/^8: spec\.policy\.newest\.maxCandidates: /);
  });

  it('asks for exactly one ordering, newest included', () => {
    expect(lines(doc(`  policy:\n    newest: {}\n    semver: { range: "*" }\n`))).toEqual([
      '7: spec.policy: exactly one of semver, alphabetical, numerical, newest is required (found semver and newest)',
    ]);
  });
});
