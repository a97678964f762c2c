import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { captureOutput } from '../../helpers/cli.js';
import { git } from '../../helpers/git-repo.js';
import { check } from '../../../src/commands/check.js';
import { once } from '../../../src/commands/once.js';
import { plan } from '../../../src/commands/plan.js';
import { status } from '../../../src/commands/status.js';

/** A bare remote whose one commit may hold symlinks (pointing anywhere, as an attacker's would). */
export interface HostileRemote {
  dir: string;
  /** Every path (and symlink target) in the branch's tree, as `git ls-tree -r` prints them. */
  tree(): Promise<string>;
  show(file: string): Promise<string>;
  commits(): Promise<number>;
}

export async function hostileRemote(root: string, files: Record<string, string>, links: Record<string, string>): Promise<HostileRemote> {
  const dir = join(root, `remote-${Math.random().toString(16).slice(2)}.git`);
  const seed = await mkdtemp(join(root, 'seed-'));
  await git(['init', '--quiet', '--bare', '--initial-branch=main', dir], root);
  await git(['init', '--quiet', '--initial-branch=main', seed], root);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(seed, file)), { recursive: true });
    await writeFile(join(seed, file), text);
    // Hooks an attacker ships are executable, ready to run if anything ever pointed git at them.
    if (/(^|\/)(hooks|\.husky)\//.test(file)) await chmod(join(seed, file), 0o755);
  }
  for (const [link, to] of Object.entries(links)) {
    await mkdir(dirname(join(seed, link)), { recursive: true });
    await symlink(to, join(seed, link));
  }
  await git(['add', '--all'], seed);
  await git(['-c', 'user.name=Attacker', '-c', 'user.email=a@example.test', 'commit', '--quiet', '-m', 'hostile'], seed);
  await git(['push', '--quiet', dir, 'HEAD:refs/heads/main'], seed);
  await rm(seed, { recursive: true, force: true });
  return {
    dir,
    tree: () => git(['ls-tree', '-r', 'main'], dir),
    show: (file) => git(['show', `main:${file}`], dir),
    commits: async () => Number((await git(['rev-list', '--count', 'main'], dir)).trim()),
  };
}

export interface CommandRun {
  code: number;
  out: string;
}

/** Runs a command in process; stdout and stderr together (problems go to stderr). */
export async function command(name: 'check' | 'plan' | 'once' | 'status', config: string, extra: Record<string, unknown> = {}): Promise<CommandRun> {
  const io = captureOutput();
  const opts = { config, logLevel: 'silent' as const, ...extra };
  const fn = { check, plan, once, status }[name];
  const code = await fn(opts, io);
  return { code, out: io.stdout + io.stderr };
}

export async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'imagebump-hostile-'));
}
