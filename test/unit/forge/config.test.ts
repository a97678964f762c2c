import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { parsePolicyFile } from '../../../src/config/parse-policies.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'imagebump-forge-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(text: string) {
  const file = path.join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return { file, ...(await loadConfig(file)) };
}

describe('pull request configuration', () => {
  it('has defaults that open one pull request per target', async () => {
    const { config, problems } = await load('repo: { url: /x, write: pull-request }\nforge: { type: github, token: { env: GH_TOKEN } }\n');
    expect(problems).toEqual([]);
    expect(config?.repo).toMatchObject({ write: 'pull-request', branch: 'main' });
    expect(config?.pullRequest).toEqual({ grouping: 'all', branchPrefix: 'imagebump', labels: [], reviewers: [], assignees: [], autoMerge: false });
    expect(config?.commit.trailers).toEqual([]);
  });

  it('names the file and line of a bad template, a bad forge type and an inline token', async () => {
    const { file, problems } = await load(
      'repo: { url: /x }\nforge:\n  type: bitbucket\n  token: ghp_inline\npullRequest:\n  title: "{{#if x}}unclosed"\n',
    );
    const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:3: forge\\.type: `)),
        expect.stringMatching(new RegExp(`^${file}:4: forge\\.token: `)),
        expect.stringMatching(new RegExp(`^${file}:6: pullRequest\\.title: invalid template: Parse error on line 1:`)),
      ]),
    );
  });

  it('checks group keys, trailers and the branch prefix', async () => {
    const { problems } = await load(
      'commit:\n  trailers: ["no colon here"]\npullRequest:\n  branchPrefix: "a/b"\n  grouping: teams\n',
    );
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^commit\.trailers\.0: must read "Key: value"/),
        expect.stringMatching(/^pullRequest\.branchPrefix: /),
        expect.stringMatching(/^pullRequest\.grouping: /),
      ]),
    );
  });
});

describe('spec.update on a policy', () => {
  const doc = (update: string) =>
    `apiVersion: imagebump.dev/v1alpha1\nkind: ImagePolicy\nmetadata: { name: web, namespace: apps }\nspec:\n  image: ghcr.io/acme/web\n  policy: { semver: { range: "^1" } }\n  update:\n${update}`;

  it('carries write mode and group key to the policy', () => {
    const { policies, problems } = parsePolicyFile('p.yaml', doc('    write: pull-request\n    group: frontend\n'));
    expect(problems).toEqual([]);
    expect(policies[0]?.update).toEqual({ write: 'pull-request', group: 'frontend' });
  });

  it('reports a group key that cannot be part of a branch name, at its line', () => {
    const { problems } = parsePolicyFile('p.yaml', doc('    group: "front end"\n'));
    expect(problems).toEqual([expect.objectContaining({ file: 'p.yaml', line: 8, message: expect.stringMatching(/^spec\.update\.group: must be lowercase/) })]);
  });
});
