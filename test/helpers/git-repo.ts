import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LogEntry {
  sha: string;
  subject: string;
  /** The full message, as git stored it. */
  message: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
}

export interface BareRemote {
  /** The bare repo's path: a URL git accepts. */
  url: string;
  /** The same repo as a file:// URL (the transport that honours --depth). */
  fileUrl: string;
  dir: string;
  readFile(branch: string, file: string): Promise<string>;
  /** Newest first. */
  log(branch: string): Promise<LogEntry[]>;
  /** A third writer: commits files to the remote branch through its own clone. */
  commitFromOutside(files: Record<string, string>, message: string, branch?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export const OUTSIDE_AUTHOR = { name: 'Outside Writer', email: 'outside@example.test' };

/** Runs git with a clean environment: the test's own shell must not leak GIT_DIR and friends in. */
export async function git(args: string[], cwd: string): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('GIT_')));
  const { stdout } = await run('git', args, { cwd, env: { ...env, LC_ALL: 'C' }, maxBuffer: 64 << 20 });
  return stdout;
}

export async function createBareRemote(
  files: Record<string, string>,
  { branch = 'main' }: { branch?: string } = {},
): Promise<BareRemote> {
  const root = await mkdtemp(path.join(tmpdir(), 'imagebump-remote-'));
  const dir = path.join(root, 'remote.git');
  await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, dir], root);
  const seed = path.join(root, 'seed');
  await git(['init', '--quiet', `--initial-branch=${branch}`, seed], root);
  await commitFiles(seed, files, 'Initial commit', { name: 'Seeder', email: 'seed@example.test' });
  await git(['push', '--quiet', dir, `HEAD:refs/heads/${branch}`], seed);
  await rm(seed, { recursive: true, force: true });

  let outsideCount = 0;
  return {
    url: dir,
    fileUrl: pathToFileURL(dir).href,
    dir,
    readFile: (ref, file) => git(['show', `${ref}:${file}`], dir),
    log: (ref) => readLog(dir, ref),
    async commitFromOutside(changed, message, ref = branch) {
      const work = path.join(root, `outside-${++outsideCount}`);
      await git(['clone', '--quiet', '--branch', ref, dir, work], root);
      await commitFiles(work, changed, message, OUTSIDE_AUTHOR);
      await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${ref}`], work);
      const sha = (await git(['rev-parse', 'HEAD'], work)).trim();
      await rm(work, { recursive: true, force: true });
      return sha;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

async function commitFiles(
  work: string,
  files: Record<string, string>,
  message: string,
  who: { name: string; email: string },
): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await writeFile(path.join(work, file), content);
  }
  await git(['add', '--all'], work);
  await git(
    ['-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`, '-c', 'core.hooksPath=/dev/null',
      'commit', '--quiet', '--allow-empty', '-m', message],
    work,
  );
}

async function readLog(dir: string, ref: string): Promise<LogEntry[]> {
  // Fields split by NUL (git refuses it in messages), records by RS (no test message uses it).
  const out = await git(['log', '--format=%H%x00%s%x00%B%x00%an%x00%ae%x00%cn%x00%ce%x1e', ref], dir);
  return out
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha = '', subject = '', message = '', authorName = '', authorEmail = '', committerName = '', committerEmail = ''] =
        record.split('\0');
      return { sha, subject, message, authorName, authorEmail, committerName, committerEmail };
    });
}
