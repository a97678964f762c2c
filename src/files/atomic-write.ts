import { randomBytes } from 'node:crypto';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { open, rename, stat, unlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A repo-relative path that would read or write outside its checkout. */
export class PathEscapeError extends Error {
  constructor(
    readonly relPath: string,
    reason: string,
  ) {
    super(`refusing path ${JSON.stringify(relPath)}: ${reason}`);
    this.name = 'PathEscapeError';
  }
}

/**
 * Resolves a repo-relative path to an absolute one inside root, or throws PathEscapeError.
 * Lexical checks catch `..` and absolute paths; realpath on the nearest existing ancestor (and on
 * the file itself when it is a symlink) catches links that lead out of the checkout. Paths into
 * `.git` are refused too: writing there would change git's behaviour, not the repo's content.
 */
export function resolveInside(root: string, relPath: string): string {
  if (relPath === '' || relPath.includes('\0')) throw new PathEscapeError(relPath, 'empty or contains NUL');
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    throw new PathEscapeError(relPath, 'absolute paths are not repo-relative');
  }
  const realRoot = realpathSync(root);
  const target = path.resolve(realRoot, relPath);
  const rel = path.relative(realRoot, target);
  if (rel === '' || isOutside(rel)) throw new PathEscapeError(relPath, 'resolves outside the checkout');
  if (rel.split(path.sep)[0]?.toLowerCase() === '.git') throw new PathEscapeError(relPath, 'inside .git');

  const realParent = realpathOfNearestExisting(path.dirname(target));
  if (isOutside(path.relative(realRoot, realParent.real))) {
    throw new PathEscapeError(relPath, 'a symlink in its directory leads outside the checkout');
  }
  const resolved = path.join(realParent.real, realParent.rest, path.basename(target));
  if (isSymlink(resolved) && isOutside(path.relative(realRoot, realpathOrSelf(resolved)))) {
    throw new PathEscapeError(relPath, 'is a symlink that leads outside the checkout');
  }
  return resolved;
}

/** A file that could not be written (disk full, read-only, no permission): it is left as it was. */
export class FileWriteError extends Error {
  constructor(
    /** The file as the caller names it (repo-relative for a checkout). */
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    // `ENOSPC: no space left on device, write` → `no space left on device (ENOSPC)`.
    const reason = cause instanceof Error ? cause.message.replace(/^[A-Z0-9]+: /, '').replace(/, \w+( '.*')?$/, '') : String(cause);
    super(`cannot write ${file}: ${reason}${code ? ` (${code})` : ''}; the file is unchanged`, { cause });
    this.name = 'FileWriteError';
  }
}

/**
 * Writes data so that readers see the old file or the new one, never a partial one: a temp file in
 * the same directory (same filesystem, so rename is atomic), fsynced, then renamed over the target.
 * The target's mode is kept so a rewrite never shows up as a mode change in git. Writing to a
 * symlink writes its target, like fs.writeFile. `durable: false` skips the two fsyncs (file and
 * directory), for scratch copies such as a throwaway clone, where they cost two disk flushes a file.
 * Any failure (a full disk, a read-only file system) removes the temp file and throws FileWriteError
 * naming the file as `label` (default: `file`) and the cause.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, { durable = true, label = file } = {}): Promise<void> {
  try {
    await replaceFile(file, data, durable);
  } catch (err) {
    throw new FileWriteError(label, (err as NodeJS.ErrnoException).code, err);
  }
}

async function replaceFile(file: string, data: string | Uint8Array, durable: boolean): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const mode = await stat(target).then((s) => s.mode & 0o7777, () => undefined);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode ?? 0o666);
  try {
    await handle.writeFile(data);
    // open() applies the umask; chmod restores the exact original mode.
    if (mode !== undefined) await handle.chmod(mode);
    if (durable) await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  try {
    // close() can be where a full disk shows (delayed allocation, NFS): the temp file goes either way.
    await handle.close();
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  if (durable) await syncDirectory(path.dirname(target));
}

// Makes the rename itself durable; some filesystems refuse to open a directory for this: best effort.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

/** realpath of the deepest ancestor that exists, plus the not-yet-existing remainder below it. */
function realpathOfNearestExisting(dir: string): { real: string; rest: string } {
  let current = dir;
  const missing: string[] = [];
  for (;;) {
    try {
      return { real: realpathSync(current), rest: path.join('.', ...missing.reverse()) };
    } catch {
      // A dangling symlink on the way could later be created through: refuse it outright.
      if (isSymlink(current)) throw new PathEscapeError(dir, 'a dangling symlink is on its path');
      const parent = path.dirname(current);
      if (parent === current) throw new PathEscapeError(dir, 'no existing ancestor');
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    // A dangling link: judge where it points, lexically.
    return path.resolve(path.dirname(file), readlinkSync(file));
  }
}
