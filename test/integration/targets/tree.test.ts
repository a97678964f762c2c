import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rewriteTree } from '../../../src/files/rewrite-tree.js';
import type { PolicyTarget, TargetSpec } from '../../../src/manifests/targets/index.js';
import type { PolicyUpdate } from '../../../src/manifests/types.js';

let root: string;
let repo: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'imagebump-targets-'));
  repo = join(root, 'repo');
  outside = join(root, 'outside');
  await mkdir(repo);
  await mkdir(outside);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const WEB = 'ghcr.io/acme/web';
const updates = new Map<string, PolicyUpdate>([['apps:web', { id: 'apps:web', image: WEB, tag: '1.2.0' }]]);
const declared = new Set(updates.keys());
const deployment = (image: string) => `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;
const target = (spec: TargetSpec, index = 0): PolicyTarget => ({ policy: 'apps:web', image: WEB, index, spec, source: { file: 'policies/web.yaml', line: 9 + index } });

async function seed(files: Record<string, string>, base = repo): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(base, file)), { recursive: true });
    await writeFile(join(base, file), text);
  }
}

describe('rewriteTree with targets', () => {
  it('reads only files under paths or matched by a glob, and parses only those that pass the byte screen', async () => {
    await seed({
      'apps/web.yaml': deployment(`${WEB}:1.0.0`),
      'apps/api.yaml': deployment('ghcr.io/acme/api:1.0.0'),
      'apps/notes.md': `image: ${WEB}:1.0.0\n`,
      'docs/example.yaml': deployment(`${WEB}:1.0.0`),
      'charts/web/values.yaml': 'image:\n  tag: 1.0.0\n',
    });
    const targets = [target({ kind: 'auto', files: ['apps/**'] }), target({ kind: 'path', files: ['charts/*/values.yaml'], path: 'image.tag', part: 'tag' }, 1)];
    const tree = await rewriteTree(repo, ['nothing-here-for-markers'], updates, declared, targets);
    expect(tree.edits.map((e) => e.file)).toEqual(['apps/web.yaml', 'charts/web/values.yaml']);
    // apps/api.yaml has no "web" bytes (the image's last segment), notes.md is not YAML, docs/ matches no glob: none is parsed.
    expect(tree.parsed).toBe(2);
    expect(tree.changes.map((c) => [c.file, c.rule, c.target, c.from, c.to])).toEqual([
      ['apps/web.yaml', 'target:auto', 0, `${WEB}:1.0.0`, `${WEB}:1.2.0`],
      ['charts/web/values.yaml', 'target:path', 1, '1.0.0', '1.2.0'],
    ]);
  });

  it('never reads or writes outside the checkout: "..", absolute globs and symlinks lead nowhere', async () => {
    await seed({ 'web.yaml': deployment(`${WEB}:1.0.0`), 'dir/web.yaml': deployment(`${WEB}:1.0.0`), 'dir/dir/web.yaml': deployment(`${WEB}:1.0.0`) }, outside);
    await seed({ 'apps/inside.yaml': deployment(`${WEB}:1.0.0`) });
    await symlink(join(outside, 'web.yaml'), join(repo, 'apps/link.yaml'));
    await symlink(join(outside, 'dir'), join(repo, 'apps/linked'));
    // Globs that policy loading refuses, passed here anyway to prove the walk itself cannot escape.
    const targets = [target({ kind: 'auto', files: ['../outside/*.yaml', `${outside}/*.yaml`, 'apps/**/*.yaml', 'apps/linked/dir/*.yaml'] })];
    const tree = await rewriteTree(repo, [], updates, declared, targets);
    expect(tree.edits.map((e) => e.file)).toEqual(['apps/inside.yaml']);
    expect(await readFile(join(outside, 'web.yaml'), 'utf8')).toBe(deployment(`${WEB}:1.0.0`));
    expect(await readFile(join(outside, 'dir/web.yaml'), 'utf8')).toBe(deployment(`${WEB}:1.0.0`));
    // A glob whose fixed prefix runs through the symlinked directory is not walked either.
    expect(tree.found.map((f) => f.file)).toEqual(['apps/inside.yaml']);
    expect(tree.problems).toContainEqual(expect.objectContaining({ kind: 'file-error', file: 'apps/linked/dir', message: expect.stringMatching(/outside the checkout/) }));
  });

  it('applies markers only under paths, targets wherever their globs point', async () => {
    const marked = `image: ghcr.io/acme/web:1.0.0 # {"$imagepolicy": "apps:web"}\n`;
    await seed({ 'apps/marked.yaml': marked, 'charts/marked.yaml': marked, 'charts/values.yaml': `image:\n  repository: ${WEB}\n  tag: 1.0.0\n` });
    const tree = await rewriteTree(repo, ['apps'], updates, declared, [target({ kind: 'helm', files: ['charts/values.yaml'], helm: 'auto' })]);
    expect(tree.changes.map((c) => [c.file, c.rule])).toEqual([
      ['apps/marked.yaml', 'marker'],
      ['charts/values.yaml', 'target:helm'],
    ]);
  });

  it('warns, where the target is declared, when a target matches no file or finds nothing', async () => {
    await seed({ 'apps/api.yaml': deployment('ghcr.io/acme/api:1.0.0') });
    const targets = [
      target({ kind: 'auto', files: ['apps/*.yaml'] }),
      target({ kind: 'auto', files: ['clusters/**/*.yaml'] }, 1),
      target({ kind: 'path', files: ['apps/*.yaml'], path: 'spec.values.image.tag', part: 'tag' }, 2),
    ];
    const tree = await rewriteTree(repo, ['.'], updates, declared, targets);
    expect(tree.problems.map((p) => `${p.severity} ${p.file}:${p.line}: ${p.message}`)).toEqual([
      `warning policies/web.yaml:9: apps:web targets[0]: 1 file(s) match apps/*.yaml, but none holds a reference to ${WEB}`,
      'warning policies/web.yaml:10: apps:web targets[1]: no file matches clusters/**/*.yaml',
      'warning policies/web.yaml:11: apps:web targets[2]: 1 file(s) match apps/*.yaml, but none holds the path spec.values.image.tag',
    ]);
  });

  it('reports a file a target matches but cannot parse, and goes on with the rest', async () => {
    await seed({ 'apps/bad.yaml': `image: ${WEB}:1.0.0\n  bad: [\n`, 'apps/good.yaml': deployment(`${WEB}:1.0.0`) });
    const tree = await rewriteTree(repo, [], updates, declared, [target({ kind: 'auto', files: ['apps/*.yaml'] })]);
    expect(tree.edits.map((e) => e.file)).toEqual(['apps/good.yaml']);
    expect(tree.problems).toEqual([expect.objectContaining({ kind: 'parse-error', severity: 'error', file: 'apps/bad.yaml' })]);
  });
});
