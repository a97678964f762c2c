import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** YAML files as Flux reads them: `.yaml`, `.yml`, and Kustomize's extension-less `Kustomization`. */
export function isManifestName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml') || name === 'Kustomization';
}

export interface WalkOptions {
  /**
   * Follow symlinks: only for a directory the operator mounted (never a checkout). Kubernetes mounts a
   * ConfigMap as `name -> ..data/name` with `..data` linking to a timestamped directory; entries named
   * `..*` are that mechanism's internals and are skipped, so each file is listed once, under its name.
   */
  followSymlinks?: boolean;
}

/**
 * Lists files below `root` under each of `paths` (files or directories), sorted, as `/`-separated
 * paths relative to `root`. Skips `.git` and, unless told otherwise, never follows a symlink (a link
 * could lead outside the checkout). Paths that would leave `root` are reported through `onProblem`,
 * as are missing ones.
 */
export async function walkFiles(
  root: string,
  paths: readonly string[],
  accept: (name: string) => boolean,
  onProblem: (path: string, message: string) => void,
  options: WalkOptions = {},
): Promise<string[]> {
  const found = new Set<string>();
  if (options.followSymlinks) {
    await visitMounted(root, root, accept, found, new Set()).catch((err: NodeJS.ErrnoException) =>
      onProblem(root, err.code === 'ENOENT' ? 'no such file or directory' : err.message),
    );
    return [...found].sort();
  }
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(root, p);
    const rel = relative(root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      onProblem(p, 'path is outside the repository');
      continue;
    }
    // A directory on the way (`linked/prod` with `linked` a symlink) would lead the walk elsewhere.
    if (await leavesThroughSymlink(root, abs)) {
      onProblem(p, 'leads outside the checkout through a symlink; not read');
      continue;
    }
    await visit(abs, root, accept, found).catch((err: NodeJS.ErrnoException) =>
      onProblem(p, err.code === 'ENOENT' ? 'no such file or directory' : err.message),
    );
  }
  return [...found].sort();
}

async function leavesThroughSymlink(root: string, abs: string): Promise<boolean> {
  const real = await realpath(abs).catch(() => undefined);
  if (real === undefined) return false;
  const rel = relative(await realpath(root).catch(() => root), real);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

async function visit(abs: string, root: string, accept: (name: string) => boolean, found: Set<string>) {
  const st = await lstat(abs);
  if (st.isSymbolicLink()) return;
  if (st.isFile()) {
    const name = abs.slice(abs.lastIndexOf(sep) + 1);
    if (accept(name)) found.add(relative(root, abs).split(sep).join('/'));
    return;
  }
  if (!st.isDirectory()) return;
  const entries = await readdir(abs, { withFileTypes: true });
  for (const e of entries) {
    if (e.name === '.git' || e.isSymbolicLink()) continue;
    const child = join(abs, e.name);
    if (e.isDirectory()) await visit(child, root, accept, found);
    else if (e.isFile() && accept(e.name)) found.add(relative(root, child).split(sep).join('/'));
  }
}

/** The walk of a mounted directory: links followed, `..*` entries skipped, each real directory once. */
async function visitMounted(abs: string, root: string, accept: (name: string) => boolean, found: Set<string>, seen: Set<string>) {
  const st = await stat(abs);
  if (st.isFile()) {
    if (accept(abs.slice(abs.lastIndexOf(sep) + 1))) found.add(relative(root, abs).split(sep).join('/') || '.');
    return;
  }
  if (!st.isDirectory()) return;
  const real = await realpath(abs);
  if (seen.has(real)) return;
  seen.add(real);
  for (const name of (await readdir(abs)).sort()) {
    if (name === '.git' || name.startsWith('..')) continue;
    const child = join(abs, name);
    // A dangling link is skipped like anything else that is not a file or directory.
    await visitMounted(child, root, accept, found, seen).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
