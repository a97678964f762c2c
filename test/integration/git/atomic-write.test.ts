import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathEscapeError, resolveInside, writeFileAtomic } from '../../../src/files/atomic-write.js';

let base: string;
let root: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'imagebump-paths-')));
  root = path.join(base, 'repo');
  await mkdir(path.join(root, 'apps/nested'), { recursive: true });
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(base, 'outside/secret.yaml'), 'secret');
  await writeFile(path.join(root, 'apps/a.yaml'), 'a');
  await symlink(path.join(base, 'outside'), path.join(root, 'link-out'));
  await symlink(path.join(base, 'outside/secret.yaml'), path.join(root, 'file-link-out.yaml'));
  await symlink(path.join(base, 'outside/missing.yaml'), path.join(root, 'dangling-out.yaml'));
  await symlink('apps', path.join(root, 'link-in'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveInside', () => {
  it.each([
    ['apps/a.yaml', 'apps/a.yaml'],
    ['./apps/../apps/a.yaml', 'apps/a.yaml'],
    ['apps/new.yaml', 'apps/new.yaml'],
    ['apps/not/yet/made.yaml', 'apps/not/yet/made.yaml'],
    ['link-in/a.yaml', 'apps/a.yaml'],
  ])('resolves %j inside the root', (rel, expected) => {
    expect(resolveInside(root, rel)).toBe(path.join(root, expected));
  });

  it.each([
    '../x',
    'apps/../../x',
    '/etc/passwd',
    'link-out/secret.yaml',
    'link-out/new.yaml',
    'file-link-out.yaml',
    'dangling-out.yaml',
    '.git/config',
    '.GIT/hooks/pre-commit',
    '',
    '.',
    'a\0b',
  ])('rejects %j', (rel) => {
    expect(() => resolveInside(root, rel)).toThrow(PathEscapeError);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const file = path.join(root, 'apps/nested/w.yaml');
    await writeFile(file, 'old content that is longer');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(path.dirname(file))).toEqual(['w.yaml']);
  });

  it('keeps the mode of the file it replaces', async () => {
    const file = path.join(root, 'apps/nested/script.sh');
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o751);
    await writeFileAtomic(file, '#!/bin/sh\necho hi\n');
    expect((await stat(file)).mode & 0o777).toBe(0o751);
  });

  it('writes through a symlink, keeping the link', async () => {
    const link = path.join(root, 'link-in/a.yaml');
    await writeFileAtomic(link, 'through');
    expect(await readFile(path.join(root, 'apps/a.yaml'), 'utf8')).toBe('through');
  });

  it('cleans up its temp file when the write fails', async () => {
    const dir = path.join(root, 'apps/nested');
    const before = await readdir(dir);
    await expect(writeFileAtomic(path.join(dir, 'missing-dir/x.yaml'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(before);
  });
});
