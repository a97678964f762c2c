/**
 * The demo: a real registry with example tags, a bare git remote seeded from examples/env-repo,
 * then `imagebump plan` and `imagebump once` as a user would run them, and the commit they pushed.
 * Everything runs on loopback in a temp dir that is removed at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pushImage } from '../test/helpers/push-image.js';
import { startRegistry } from '../test/helpers/registry.js';
import { createBareRemote } from '../test/helpers/git-repo.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = join(root, 'examples', 'env-repo');

const IMAGES: Record<string, string[]> = {
  'acme/web': ['1.0.0', '1.1.0', '1.2.0', '2.0.0-rc.1', 'latest'],
  'acme/worker': ['main-1a2b3c4-1700000000', 'main-5d6e7f8-1700003600', 'main-9a0b1c2-1700007200', 'pr-17-1700009000'],
};

async function readTree(dir: string, base = dir): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) Object.assign(files, await readTree(p, base));
    else files[relative(base, p)] = await readFile(p, 'utf8');
  }
  return files;
}

function banner(text: string) {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

function imagebump(args: string[]): number {
  console.log(`$ imagebump ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli.ts'), ...args], { stdio: 'inherit', cwd: root });
  return r.status ?? 1;
}

const registry = await startRegistry();
const work = await mkdtemp(join(tmpdir(), 'imagebump-demo-'));
let remote: Awaited<ReturnType<typeof createBareRemote>> | undefined;
try {
  banner(`registry on ${registry.host}: pushing example images`);
  for (const [repo, tags] of Object.entries(IMAGES)) {
    for (const tag of tags) await pushImage(registry.url, repo, tag);
    console.log(`${repo}: ${tags.join(', ')}`);
  }
  banner('environment repo: a bare git remote seeded from examples/env-repo');
  const files = await readTree(examples);
  for (const f of Object.keys(files)) files[f] = files[f]!.replaceAll('registry.example.com', registry.host);
  remote = await createBareRemote(files);
  console.log(`${remote.url} (${Object.keys(files).length} files; registry.example.com → ${registry.host})`);
  const config = join(work, 'imagebump.yaml');
  await writeFile(
    config,
    [
      `repo: { url: ${JSON.stringify(remote.url)}, branch: main }`,
      'policies: [policies]',
      'paths: [apps, clusters]',
      'commit:',
      '  author: { name: imagebump-demo, email: demo@imagebump.invalid }',
      '',
    ].join('\n'),
  );
  banner('check: validate the config and the policies');
  imagebump(['check', '--config', config]);
  banner('plan: what a cycle would change (nothing is written)');
  imagebump(['plan', '--config', config]);
  banner('once: one cycle, committed and pushed');
  const code = imagebump(['once', '--config', config]);
  banner('the commit on the remote');
  console.log(execFileSync('git', ['--git-dir', remote.dir, 'log', '-1', '--stat', '-p', '--format=commit %H%nAuthor: %an <%ae>%n%n%B', 'main'], { encoding: 'utf8' }));
  banner('once again: nothing new, so no commit');
  imagebump(['once', '--config', config]);
  process.exitCode = code;
} finally {
  await remote?.cleanup();
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
