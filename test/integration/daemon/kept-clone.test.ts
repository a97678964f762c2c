import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptWorkspace } from '../../../src/daemon/workspace.js';
import { createBareRemote, git, type BareRemote } from '../../helpers/git-repo.js';

let remote: BareRemote;
let other: BareRemote;
let work: string;

beforeAll(async () => {
  remote = await createBareRemote({ 'a.yaml': 'v: 1\n' });
  other = await createBareRemote({ 'b.yaml': 'v: 1\n' });
  work = await mkdtemp(join(tmpdir(), 'imagebump-kept-'));
});

afterAll(async () => {
  await remote.cleanup();
  await other.cleanup();
  await rm(work, { recursive: true, force: true });
});

const open = (dir: string, url = remote.fileUrl) => keptWorkspace({ url, branch: 'main', dir, depth: 1 });
// A file inside .git survives a fetch but not a fresh clone: it tells the two apart.
const mark = (dir: string) => writeFile(join(dir, '.git', 'imagebump-test-mark'), '');
const marked = (dir: string) => existsSync(join(dir, '.git', 'imagebump-test-mark'));

describe('the kept clone', () => {
  it('is fetched, not cloned again, and disposing it keeps it', async () => {
    const dir = join(work, 'reuse');
    const first = await open(dir);
    await first.dispose();
    await mark(dir);
    const sha = await remote.commitFromOutside({ 'a.yaml': 'v: 2\n' }, 'outside');
    const second = await open(dir);
    expect(marked(dir)).toBe(true);
    expect(await second.head()).toBe(sha);
  });

  it('drops what an abandoned cycle left: local commits and stray files', async () => {
    const dir = join(work, 'leftovers');
    await open(dir);
    await writeFile(join(dir, 'a.yaml'), 'v: half-written\n');
    await writeFile(join(dir, 'stray.yaml'), 'x\n');
    await git(['-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qam', 'never pushed'], dir);
    const ws = await open(dir);
    expect(await ws.head()).toBe((await remote.log('main'))[0]!.sha);
    expect(existsSync(join(dir, 'stray.yaml'))).toBe(false);
    expect(await git(['status', '--porcelain'], dir)).toBe('');
  });

  it('is cloned afresh when damaged or when it is a clone of another remote', async () => {
    const damaged = join(work, 'damaged');
    await open(damaged);
    await mark(damaged);
    await writeFile(join(damaged, '.git', 'index.lock'), '');
    await open(damaged);
    expect(marked(damaged)).toBe(false);

    const foreign = join(work, 'foreign');
    await open(foreign, other.fileUrl);
    await mark(foreign);
    const ws = await open(foreign);
    expect(marked(foreign)).toBe(false);
    expect(existsSync(join(ws.dir, 'a.yaml'))).toBe(true);
  });
});
