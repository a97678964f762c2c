import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from '../../../src/commands/once.js';
import { captureOutput } from '../../helpers/cli.js';
import { policy } from '../../helpers/env-repo.js';
import { startGiteaFake } from '../../helpers/forge-fake/gitea.js';
import { startGitHubFake } from '../../helpers/forge-fake/github.js';
import { startGitLabFake } from '../../helpers/forge-fake/gitlab.js';
import type { FakeOptions, ForgeFake } from '../../helpers/forge-fake/server.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';

export const FORGES = [
  { type: 'github', start: startGitHubFake },
  { type: 'gitlab', start: startGitLabFake },
  { type: 'gitea', start: startGiteaFake },
] as const satisfies readonly { type: string; start: (o?: FakeOptions) => Promise<ForgeFake> }[];

export const TOKEN_ENV = 'IMAGEBUMP_TEST_FORGE_TOKEN';

/** An environment repository with two policies (REPO/web: semver, REPO/api: numerical) and their markers. */
export function envFiles(repo: string, extra: { web?: string; api?: string } = {}): Record<string, string> {
  return {
    'policies/web.yaml': policy('web', `${repo}/web`, 'semver:\n  range: ">=1.0.0 <2.0.0"', `  sourceAnnotations: true\n${extra.web ?? ''}`),
    'policies/api.yaml': policy('api', `${repo}/api`, 'numerical: {}', extra.api ?? ''),
    'apps/web.yaml': `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${repo}/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`,
    'apps/api.yaml': `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${repo}/api:100 # {"$imagepolicy": "apps:api"}\n`,
    'README.md': '# env\n',
  };
}

export interface Scenario {
  remote: BareRemote;
  fake: ForgeFake;
  config: string;
  run(): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): Promise<void>;
}

/** A bare remote, a fake forge and a config that writes pull requests through it. */
export async function scenario(
  forge: (typeof FORGES)[number],
  files: Record<string, string>,
  configExtra = '',
): Promise<Scenario> {
  const remote = await createBareRemote(files);
  const fake = await forge.start();
  const dir = await mkdtemp(join(tmpdir(), 'imagebump-pr-'));
  const config = join(dir, 'imagebump.yaml');
  process.env[TOKEN_ENV] = fake.token;
  await writeFile(
    config,
    [
      `repo: { url: ${JSON.stringify(remote.url)}, branch: main, write: pull-request }`,
      'policies: [policies]',
      'paths: [apps]',
      'commit:',
      '  author: { name: Bump Bot, email: bump@example.test }',
      `forge: { type: ${forge.type}, url: ${JSON.stringify(fake.url)}, project: acme/env, token: { env: ${TOKEN_ENV} } }`,
      configExtra,
    ].join('\n') + '\n',
  );
  return {
    remote,
    fake,
    config,
    async run() {
      const io = captureOutput();
      const code = await once({ config, logLevel: 'silent' }, io);
      return { code, stdout: io.stdout, stderr: io.stderr };
    },
    async cleanup() {
      await fake.stop();
      await remote.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
