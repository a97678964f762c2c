import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { envFiles, FORGES, scenario, TOKEN_ENV, type Scenario } from '../forge/setup.js';
import { buildCli } from './crash-cli-build.js';
import { kill, startCli } from './crash-process.js';

// SIGKILL between opening a pull request and labelling it: the forge holds an open pull request with
// title and body but no labels. The next cycle must find it and add the labels, once.

/** The request that labels a pull request just opened, per forge: stalled, then the CLI is killed in it. */
const LABEL_REQUEST: Record<(typeof FORGES)[number]['type'], string> = {
  github: 'issues/add-labels',
  gitlab: 'putApiV4ProjectsIdMergeRequestsMergeRequestIid',
  gitea: 'issueAddLabel',
};

let registry: TestRegistry;
let work: string;
let cli: string;
let open: Scenario[] = [];
beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'imagebump-crash-decorate-'));
  cli = await buildCli(join(work, 'build'));
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  // Every request imagebump sent, and every reply the fake gave, matched the forge's API description.
  for (const s of open) expect(s.fake.violations).toEqual([]);
  await Promise.all(open.map((s) => s.cleanup()));
  open = [];
});

describe.each(FORGES)('a pull request on $type opened by a process killed before labelling it', (forge) => {
  it('gets its missing labels on the next cycle, each once, and then costs no write', async () => {
    const ns = `decorate-${forge.type}`;
    await pushImage(registry.url, `${ns}/web`, '1.0.0');
    await pushImage(registry.url, `${ns}/web`, '1.1.0');
    await pushImage(registry.url, `${ns}/api`, '100');
    const s = await scenario(forge, envFiles(`${registry.host}/${ns}`), 'pullRequest: { labels: [dependencies, images], assignees: [bob] }');
    open.push(s);

    const labelling = s.fake.stallNext(LABEL_REQUEST[forge.type]);
    const killed = startCli(cli, ['once', '--config', s.config, '--log-level', 'silent'], { [TOKEN_ENV]: s.fake.token });
    await Promise.race([labelling, killed.exited.then(() => Promise.reject(new Error(`the CLI ended first:\n${killed.output()}`)))]);
    await kill(killed, true);
    expect(s.fake.pull(1)).toMatchObject({ state: 'open', labels: [], assignees: [] });

    // Meanwhile a person added one of the labels by hand: only the other one is sent.
    s.fake.pull(1)!.labels.push('images');
    const writes = s.fake.writes().length;
    const next = await s.run();
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('pull request #1 updated');
    expect(s.fake.state.pulls).toHaveLength(1);
    expect(s.fake.pull(1)!.labels.sort()).toEqual(['dependencies', 'images']);
    // Labels only: assignees and reviewers are set when a pull request is opened, never again.
    expect(s.fake.pull(1)!.assignees).toEqual([]);
    const added = s.fake.writes().slice(writes);
    expect(added).toHaveLength(1);
    expect(JSON.stringify(added[0]!.body)).toContain(forge.type === 'gitea' ? '[100]' : 'dependencies');
    expect(JSON.stringify(added[0]!.body)).not.toMatch(forge.type === 'gitea' ? /101/ : /images/);

    const converged = s.fake.writes().length;
    const again = await s.run();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('pull request #1 unchanged');
    expect(s.fake.writes()).toHaveLength(converged);
  }, 120_000);
});
