import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readMarker } from '../../../src/forge/marker.js';
import { runCli } from '../../helpers/cli.js';
import { git } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { envFiles, FORGES, scenario, TOKEN_ENV, type Scenario } from './setup.js';

let registry: TestRegistry;
let open: Scenario[] = [];
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(async () => {
  await registry.stop();
});
afterEach(async () => {
  // Every request imagebump sent, and every reply the fake gave, matched the forge's API description.
  for (const s of open) expect(s.fake.violations).toEqual([]);
  await Promise.all(open.map((s) => s.cleanup()));
  open = [];
});

const BRANCH = 'imagebump/main/all';
const SOURCE = 'https://github.com/acme/web';

async function push(ns: string, name: string, tag: string, revision?: string): Promise<void> {
  const annotations = revision ? { 'org.opencontainers.image.source': SOURCE, 'org.opencontainers.image.revision': revision } : undefined;
  await pushImage(registry.url, `${ns}/${name}`, tag, annotations ? { annotations } : {});
}

/** The PR branch is exactly one commit on top of main's current head. */
async function expectOneCommitOnMain(s: Scenario): Promise<string> {
  const [main] = await s.remote.log('main');
  const parents = (await git(['log', '-1', '--format=%P', BRANCH], s.remote.dir)).trim();
  expect(parents).toBe(main!.sha);
  return (await git(['rev-parse', BRANCH], s.remote.dir)).trim();
}

describe.each(FORGES)('pull requests on $type', (forge) => {
  it('opens one, updates it for a newer tag, and a restart with nothing new writes nothing', async () => {
    const ns = `${forge.type}-1`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0', 'aaaa1111');
    await push(ns, 'web', '1.1.0', 'bbbb2222');
    await push(ns, 'api', '100');
    const s = await scenario(forge, envFiles(repo), 'pullRequest: { labels: [dependencies], reviewers: [alice], assignees: [bob] }');
    open.push(s);
    const mainBefore = await s.remote.log('main');

    const first = await s.run();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(s.fake.state.pulls).toHaveLength(1);
    const pr = s.fake.pull(1)!;
    expect(pr).toMatchObject({ state: 'open', head: BRANCH, base: 'main', title: 'chore(images): update apps:web to 1.1.0' });
    expect(pr).toMatchObject({ labels: ['dependencies'], assignees: ['bob'] });
    expect(pr.body).toContain(`| apps:web | ${repo}/web | apps/web.yaml:6 | \`1.0.0\` → \`1.1.0\` |`);
    expect(pr.body).toContain(`[github.com/acme/web](${SOURCE}) · commit [bbbb2222](${SOURCE}/commit/bbbb2222)`);
    expect(readMarker(pr.body)?.versions).toEqual({ 'apps:web': [`whole=${repo}/web:1.1.0`] });
    expect(first.stdout).toMatch(/pull request #1 opened: http:\/\/127\.0\.0\.1:\d+\/acme\/env\//);
    // main is untouched; the branch holds the change as one commit on top of it.
    expect(await s.remote.log('main')).toEqual(mainBefore);
    await expectOneCommitOnMain(s);
    expect(await s.remote.readFile(BRANCH, 'apps/web.yaml')).toContain(`${repo}/web:1.1.0 # {"$imagepolicy": "apps:web"}`);

    await push(ns, 'web', '1.2.0', 'cccc3333');
    const writesBefore = s.fake.writes().length;
    expect((await s.run()).code).toBe(0);
    expect(s.fake.state.pulls).toHaveLength(1);
    expect(s.fake.pull(1)).toMatchObject({ state: 'open', title: 'chore(images): update apps:web to 1.2.0' });
    expect(s.fake.pull(1)!.body).toContain('`1.0.0` → `1.2.0`');
    expect(s.fake.writes().slice(writesBefore)).toHaveLength(1);
    const branchHead = await expectOneCommitOnMain(s);
    expect(await s.remote.readFile(BRANCH, 'apps/web.yaml')).toContain(`${repo}/web:1.2.0 #`);

    // A restart: no memory of the last run; the forge and the branch say it is all done. (One forge
    // runs it as a new CLI process; the others in-process, to keep the file fast.)
    const writes = s.fake.writes().length;
    const restart =
      forge.type === 'github'
        ? await runCli(['once', '--config', s.config, '--log-level', 'silent'], { [TOKEN_ENV]: s.fake.token })
        : await s.run();
    expect(restart.stderr).toBe('');
    expect(restart.code).toBe(0);
    expect(restart.stdout).toContain('pull request #1 unchanged');
    expect(s.fake.writes()).toHaveLength(writes);
    expect((await git(['rev-parse', BRANCH], s.remote.dir)).trim()).toBe(branchHead);
  }, 120_000);

  it('does not reopen versions a person declined, and proposes a newer one in a new pull request', async () => {
    const ns = `${forge.type}-2`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0');
    await push(ns, 'web', '1.1.0');
    await push(ns, 'api', '100');
    const s = await scenario(forge, envFiles(repo));
    open.push(s);
    await s.run();
    s.fake.closePull(1);
    const writes = s.fake.writes().length;
    const branchHead = (await git(['rev-parse', BRANCH], s.remote.dir)).trim();

    const again = await s.run();
    expect(again.code).toBe(0);
    expect(s.fake.writes()).toHaveLength(writes);
    expect(s.fake.state.pulls).toHaveLength(1);
    expect((await git(['rev-parse', BRANCH], s.remote.dir)).trim()).toBe(branchHead);
    expect(again.stdout).toContain('declined');

    await push(ns, 'web', '1.2.0');
    await s.run();
    expect(s.fake.state.pulls.map((p) => [p.number, p.state])).toEqual([[1, 'closed'], [2, 'open']]);
    expect(s.fake.pull(2)!.title).toBe('chore(images): update apps:web to 1.2.0');
  });
});

describe('pull requests (GitHub)', () => {
  const github = FORGES[0];

  it('rebases the branch when main moves, keeping one commit and one pull request', async () => {
    const ns = `rebase`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0');
    await push(ns, 'web', '1.1.0');
    await push(ns, 'api', '100');
    const s = await scenario(github, envFiles(repo));
    open.push(s);
    await s.run();
    await s.remote.commitFromOutside({ 'README.md': '# env, edited\n' }, 'docs: edit readme');
    await s.run();
    await expectOneCommitOnMain(s);
    expect(await s.remote.readFile(BRANCH, 'README.md')).toBe('# env, edited\n');
    expect(await s.remote.readFile(BRANCH, 'apps/web.yaml')).toContain('web:1.1.0');
    expect(s.fake.state.pulls).toHaveLength(1);
  });

  it('opens one pull request per policy, and commits the policies that ask for it', async () => {
    const ns = `groups`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0');
    await push(ns, 'web', '1.1.0');
    await push(ns, 'api', '100');
    await push(ns, 'api', '200');
    const files = envFiles(repo, { api: '  update: { write: commit }\n' });
    const s = await scenario(github, files, 'pullRequest: { grouping: policy, branchPrefix: bump }');
    open.push(s);
    const run = await s.run();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/pushed [0-9a-f]{40}/);
    expect(await s.remote.readFile('main', 'apps/api.yaml')).toContain('api:200');
    expect(await s.remote.readFile('main', 'apps/web.yaml')).toContain('web:1.0.0');
    expect(s.fake.state.pulls.map((p) => p.head)).toEqual(['bump/main/apps.web']);
    // The PR branch is based on main after the commit: it carries only its own change.
    expect(await s.remote.readFile('bump/main/apps.web', 'apps/api.yaml')).toContain('api:200');
  });

  it('leaves a pull request branch alone once someone else committed to it', async () => {
    const ns = `foreign`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0');
    await push(ns, 'web', '1.1.0');
    await push(ns, 'api', '100');
    const s = await scenario(github, envFiles(repo));
    open.push(s);
    await s.run();
    const theirs = await s.remote.commitFromOutside({ 'apps/web.yaml': 'hand-edited\n' }, 'fixup by a person', BRANCH);
    await push(ns, 'web', '1.2.0');
    const writes = s.fake.writes().length;
    const run = await s.run();
    expect(run.stdout).toMatch(/warning: .*imagebump\/main\/all holds commits by someone else/);
    expect((await git(['rev-parse', BRANCH], s.remote.dir)).trim()).toBe(theirs);
    expect(s.fake.writes()).toHaveLength(writes);
  });

  it('opens nothing and calls no API when there is nothing to change', async () => {
    const ns = `quiet`;
    const repo = `${registry.host}/${ns}`;
    await push(ns, 'web', '1.0.0');
    await push(ns, 'api', '100');
    const s = await scenario(github, envFiles(repo));
    open.push(s);
    const run = await s.run();
    expect(run.stdout).toContain('nothing to commit');
    expect(s.fake.requests).toEqual([]);
  });
});
