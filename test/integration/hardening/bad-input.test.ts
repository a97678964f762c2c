import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/commands/check.js';
import { once } from '../../../src/commands/once.js';
import { captureOutput } from '../../helpers/cli.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';
import { pushImage } from '../../helpers/push-image.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { BAD_YAML, policy } from '../../unit/config/bad-input-cases.js';

/*
 * A repository full of bad input, end to end: every bad policy file and every bad manifest is
 * reported with its file (and line), `check` and `once` finish, and the good policy's update is still
 * committed, touching nothing else.
 */

const MARKER = ' # {"$imagepolicy": "apps:good"}';
let registry: TestRegistry;
let remote: BareRemote;
let work: string;
let good: (tag: string) => string;

/** Manifests that must be reported and left alone; each holds a marker for the good policy. */
const BAD_MANIFESTS: Record<string, () => Buffer> = {
  'apps/huge.yaml': () => Buffer.from(`image: x:1${MARKER}\n${'# padding padding padding padding\n'.repeat(300_000)}`),
  'apps/binary.yaml': () => Buffer.concat([Buffer.from(`image: x:1${MARKER}\n`), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1])]),
  'apps/latin1.yaml': () => Buffer.concat([Buffer.from(`image: x:1${MARKER}\nnote: caf`), Buffer.from([0xe9, 0x0a])]),
  'apps/deep.yaml': () => Buffer.from(`image: x:1${MARKER}\nx: ${'['.repeat(1_000_000)}\n`),
  'apps/old-mac.yaml': () => Buffer.from(`a: 1\rimage: x:1${MARKER}\n`),
  'apps/template.yaml': () => Buffer.from(`image: {{ .Values.image }}${MARKER}\n`),
};

beforeAll(async () => {
  registry = await startRegistry();
  for (const tag of ['1.0.0', '1.1.0']) await pushImage(registry.url, 'acme/good', tag);
  good = (tag) => `image: ${registry.host}/acme/good:${tag}${MARKER}\n`;
  work = await mkdtemp(join(tmpdir(), 'imagebump-bad-input-'));
  remote = await createBareRemote({
    'policies/good.yaml': policy('good').replace('127.0.0.1:5000', registry.host),
    'policies/twin-a.yaml': policy('twin'),
    'policies/twin-b.yaml': policy('twin'),
    'apps/good.yaml': good('1.0.0'),
  });
  // Bytes that are not UTF-8 cannot go through the helper's strings: commit them from a clone.
  const clone = join(work, 'seed');
  await git(['clone', '--quiet', remote.url, clone], work);
  const files: Record<string, string | Buffer> = Object.fromEntries(Object.entries(BAD_MANIFESTS).map(([file, bytes]) => [file, bytes()]));
  for (const c of BAD_YAML) files[`policies/${c.name.replace(/\W+/g, '-')}.yaml`] = c.policy!();
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(clone, file)), { recursive: true });
    await writeFile(join(clone, file), content);
  }
  await git(['add', '--all'], clone);
  await git(['-c', 'user.name=Seeder', '-c', 'user.email=seed@example.test', 'commit', '--quiet', '-m', 'bad input'], clone);
  await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], clone);
}, 120_000);
afterAll(async () => {
  await remote?.cleanup();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function config(extra = ''): Promise<string> {
  const file = join(work, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, `repo: { url: ${JSON.stringify(remote.url)}, branch: main }\npolicies: [policies]\npaths: [apps]\n${extra}`);
  return file;
}

describe('a repository full of bad input', () => {
  it('check names every bad policy file with its line, and counts the good policy', async () => {
    const io = captureOutput();
    expect(await check({ config: await config() }, io)).toBe(1);
    for (const c of BAD_YAML) {
      const file = `policies/${c.name.replace(/\W+/g, '-')}.yaml`;
      const line = io.stderr.split('\n').find((l) => l.startsWith(`${file}:`));
      expect(line, file).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${c.line.policy}: `));
      expect(line).toMatch(c.message);
    }
    expect(io.stderr).toMatch(/^policies\/twin-a\.yaml:4: duplicate policy apps:twin/m);
    expect(io.stdout).toBe(`1 valid policy, ${BAD_YAML.length + 2} problem(s)\n`);
  }, 60_000);

  it('once commits the good update, reports every bad manifest and policy, and changes nothing else', async () => {
    const before = await remote.log('main');
    const io = captureOutput();
    expect(await once({ config: await config() }, io)).toBe(1);
    expect(io.stdout).toMatch(/pushed [0-9a-f]{40} \(1 change\(s\), 1 attempt\(s\)\)/);
    const problems = io.stdout.split('\n').filter((l) => l.startsWith('error: apps/'));
    expect(problems.map((l) => l.replace(/^error: (apps\/[^:]+).*$/, '$1')).sort()).toEqual(Object.keys(BAD_MANIFESTS).sort());
    expect(io.stdout).toContain('error: apps/huge.yaml: the file is 9.7 MiB, over the 1 MiB limit for a manifest; skipped');
    expect(io.stdout).toContain('error: apps/binary.yaml:2: holds a NUL byte: a binary file, not YAML; skipped');
    expect(io.stdout).toContain('error: apps/latin1.yaml:2: not valid UTF-8; skipped');
    expect(io.stdout).toContain('error: apps/deep.yaml:2: collections nested more than 256 levels deep');
    expect(io.stdout).toContain('error: apps/old-mac.yaml:1: a carriage return without a line feed');
    for (const c of BAD_YAML) expect(io.stdout).toContain(`error: policies/${c.name.replace(/\W+/g, '-')}.yaml:${c.line.policy}: `);

    const log = await remote.log('main');
    expect(log).toHaveLength(before.length + 1);
    const changed = await git(['diff', '--name-only', `${before[0]!.sha}..${log[0]!.sha}`], remote.dir);
    expect(changed).toBe('apps/good.yaml\n');
    expect(await remote.readFile('main', 'apps/good.yaml')).toBe(good('1.1.0'));
  }, 60_000);
});

describe('a config file that cannot be used', () => {
  it.each(BAD_YAML.filter((c) => c.config))('$name: check exits 2 naming the file and line', async (c) => {
    const file = join(work, `bad-config-${c.name.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, c.config!());
    const io = captureOutput();
    expect(await check({ config: file }, io)).toBe(2);
    expect(io.stderr.split('\n')[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${c.line.config}: `));
    expect(io.stderr).toMatch(c.message);
  }, 30_000);
});
