import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy } from '../../helpers/env-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { command, hostileRemote, scratch, type HostileRemote } from './security-repo.js';

// A hostile environment repository: symlinks to the rest of the disk, hooks, filter drivers, a
// config file of its own, submodules with command URLs, file names that look like options. Whatever
// it holds, imagebump reads and writes only inside its checkout and runs nothing it brought.

const SECRET = 'OUTSIDE-THE-CHECKOUT-7f3a';
let registry: TestRegistry;
let root: string;
let outside: string;
let marker: string;
let remote: HostileRemote;
let outsideBefore: Record<string, { text: string; mtimeMs: number }>;

const deployment = (host: string, tag: string) =>
  `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${host}/acme/web:${tag} # {"$imagepolicy": "apps:web"}\n`;

beforeAll(async () => {
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/web', tag);
  root = await scratch();
  outside = join(root, 'outside');
  marker = join(root, 'PWNED');
  const touch = `touch ${marker}`;
  const outsideFiles: Record<string, string> = {
    'prod/deploy.yaml': `# ${SECRET}\n${deployment(registry.host, '1.0.0')}`,
    'policies/evil.yaml': `# ${SECRET}\n${policy('evil', `${registry.host}/acme/web`, 'semver:\n  range: ">=1.0.0"')}`,
    'policies/broken.yaml': `kind: ImagePolicy\n${SECRET}: [unclosed\n`,
  };
  for (const [file, text] of Object.entries(outsideFiles)) {
    await mkdir(join(outside, file, '..'), { recursive: true });
    await writeFile(join(outside, file), text);
  }
  outsideBefore = await snapshot(Object.keys(outsideFiles));
  remote = await hostileRemote(root, {
    'policies/web.yaml': policy('web', `${registry.host}/acme/web`, 'semver:\n  range: ">=1.0.0 <2.0.0"'),
    'apps/web.yaml': deployment(registry.host, '1.0.0'),
    'apps/--upload-pack=touch PWNED.yaml': deployment(registry.host, '1.0.0'),
    '.gitattributes': '* filter=evil diff=evil merge=evil\n',
    '.gitmodules': `[submodule "x"]\n\tpath = x\n\turl = ext::sh -c touch% ${marker}\n`,
    '.gitconfig': `[core]\n\tfsmonitor = "${touch}"\n\thooksPath = hooks\n[filter "evil"]\n\tsmudge = ${touch}\n\tclean = ${touch}\n[includeIf "gitdir:/"]\n\tpath = .gitconfig\n`,
    ...Object.fromEntries(['post-checkout', 'pre-commit', 'commit-msg', 'post-commit', 'pre-push', 'reference-transaction', 'fsmonitor-watchman']
      .map((hook) => [`hooks/${hook}`, `#!/bin/sh\n${touch}\n`])),
    '.husky/pre-commit': `#!/bin/sh\n${touch}\n`,
  }, {
    'apps/etc': '/etc',
    'apps/outside': join(outside, 'prod'),
    'apps/link.yaml': join(outside, 'prod/deploy.yaml'),
    linked: outside,
  });
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await rm(root, { recursive: true, force: true });
});

async function snapshot(files: string[]): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const f of files) out[f] = { text: await readFile(join(outside, f), 'utf8'), mtimeMs: (await stat(join(outside, f))).mtimeMs };
  return out;
}

async function config(name: string, lines: string[], repo = `repo: { url: ${JSON.stringify(remote.dir)}, branch: main }`): Promise<string> {
  const file = join(root, name);
  await writeFile(file, `${[repo, `workdir: ${join(root, 'wd')}`, ...lines].join('\n')}\n`);
  return file;
}

describe('a hostile environment repository', () => {
  it('plan, check and status read nothing a symlink points to, and say so', async () => {
    const file = await config('symlinks.yaml', ['policies: [policies, linked/policies]', 'paths: [apps, linked/prod]']);
    const planned = await command('plan', file);
    expect(planned.out).toContain('apps/web.yaml');
    expect(planned.out).toContain('apps/--upload-pack=touch PWNED.yaml');
    expect(planned.out).not.toMatch(/apps\/(link|outside|etc)/);
    expect(planned.out).toMatch(/linked\/prod.*outside the checkout/);
    expect(planned.out).toMatch(/linked\/policies.*outside the checkout/);
    const checked = await command('check', file);
    expect(checked.out).toMatch(/^1 valid policy/m);
    const statusRun = await command('status', file);
    expect(statusRun.out).toContain('apps:web');
    for (const run of [planned, checked, statusRun]) {
      expect(run.out).not.toContain(SECRET);
      expect(run.out).not.toContain('apps:evil');
    }
  });

  it('once commits only files inside the checkout, byte-exactly, runs none of its hooks, filters or submodules', async () => {
    const file = await config('once.yaml', ['policies: [policies, linked/policies]', 'paths: [apps, linked/prod]']);
    const treeBefore = await remote.tree();
    const run = await command('once', file);
    expect(run.code, run.out).toBe(1); // the symlinked paths are reported as problems; the rest is committed
    expect(run.out).toMatch(/^pushed [0-9a-f]{40}/m);
    expect(await remote.commits()).toBe(2);
    expect(await remote.show('apps/web.yaml')).toBe(deployment(registry.host, '1.1.0'));
    expect(await remote.show('apps/--upload-pack=touch PWNED.yaml')).toBe(deployment(registry.host, '1.1.0'));
    // Symlinks, hooks and the rest are committed exactly as they were.
    const unchanged = (tree: string) => tree.split('\n').filter((l) => !/\tapps\/(web|--upload-pack)/.test(l));
    expect(unchanged(await remote.tree())).toEqual(unchanged(treeBefore));
    expect(await snapshot(Object.keys(outsideBefore))).toEqual(outsideBefore);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('paths and refs from the config', () => {
  it('refuses policy and marker paths that climb out of the repository', async () => {
    const file = await config('climb.yaml', ['policies: [../../etc, "policies/../../outside"]', 'paths: [../../etc, /etc, apps/../../outside]']);
    for (const name of ['check', 'plan'] as const) {
      const run = await command(name, file);
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/\.\.\/\.\.\/etc.*outside the repository/);
      expect(run.out).toMatch(/policies\/\.\.\/\.\.\/outside.*outside the repository/);
      expect(run.out).not.toContain(SECRET);
    }
    const flag = await command('plan', await config('flag.yaml', ['paths: [apps]']), { policies: '../../etc' });
    expect(flag.out).toMatch(/\.\.\/\.\.\/etc.*outside the repository/);
  });

  it.each([
    ['--upload-pack=touch PWNED'],
    ['-b'],
    ['main@{-1}'],
    ['HEAD'],
    ['refs/heads/../../x'],
    ['a..b'],
    ['x.lock'],
    ['has space'],
  ])('refuses the branch %j before running git with it', async (branch) => {
    const file = await config('branch.yaml', ['paths: [apps]', 'policies: [policies]']);
    const asBranch = await command('once', file, { branch });
    expect(asBranch.out).toMatch(/invalid branch name/);
    const pushBranch = `repo: { url: ${JSON.stringify(remote.dir)}, branch: main, pushBranch: ${JSON.stringify(branch)} }`;
    const asPushBranch = await command('once', await config('push-branch.yaml', ['paths: [apps]', 'policies: [policies]'], pushBranch));
    expect(asPushBranch.out).toMatch(/invalid branch name/);
    expect(await remote.commits()).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    [`ext::sh -c touch% PWNED`],
    ['--upload-pack=touch PWNED'],
    ['-uPWNED'],
  ])('runs no command named by the repository URL %j', async (url) => {
    const file = join(root, 'url.yaml');
    await writeFile(file, `repo: { url: ${JSON.stringify(url.replace('PWNED', marker))}, branch: main }\npaths: [apps]\n`);
    const run = await command('plan', file);
    expect(run.code).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
