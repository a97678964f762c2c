import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptCloneDir } from '../../../src/daemon/workspace.js';
import { currentOwner, OWNER_FILE, renderOwner } from '../../../src/workdir/owner.js';
import { createTempCheckout, type TempCheckout } from '../../../src/workdir/temp-checkout.js';
import { createBareRemote, type BareRemote } from '../../helpers/git-repo.js';
import { buildCli } from './crash-cli-build.js';
import { kill, startCli } from './crash-process.js';

// A `once` killed mid-cycle leaves its temporary checkout in the workdir; the next start removes it, and
// only it: a live process's checkout, the daemon's kept clone and anything else in the workdir stay.

let work: string;
let wd: string;
let cli: string;
let remote: BareRemote;
let live: TempCheckout | undefined;
// A Git server that accepts connections and never answers: the killed `once` hangs in its clone.
const held: Socket[] = [];
const silent = createServer((socket) => held.push(socket));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'imagebump-leftovers-'));
  wd = join(work, 'wd');
  cli = await buildCli(join(work, 'build'));
  remote = await createBareRemote({ 'README.md': '# env\n', 'policies/.keep': '', 'apps/web.yaml': 'image: web:1.0.0\n' });
  await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
}, 60_000);

afterAll(async () => {
  await live?.remove();
  for (const s of held) s.destroy();
  await new Promise((ok) => silent.close(ok));
  await remote?.cleanup();
  await rm(work, { recursive: true, force: true });
});

async function config(name: string, url: string): Promise<string> {
  const file = join(work, `${name}.yaml`);
  await writeFile(file, `repo: { url: ${JSON.stringify(url)}, branch: main }\npolicies: [policies]\npaths: [apps]\ndockerConfig: []\nworkdir: ${wd}\n`);
  return file;
}

/** The temporary checkouts in the workdir that hold an owner record. */
async function marked(): Promise<string[]> {
  const names = await readdir(wd).catch(() => [] as string[]);
  const withRecord = await Promise.all(names.map(async (n) => ((await readdir(join(wd, n)).catch(() => [] as string[])).includes(OWNER_FILE) ? n : '')));
  return withRecord.filter((n) => /^imagebump-\w{6}$/.test(n));
}

/** A directory holding an owner record as imagebump writes it, for a process that is not this one. */
async function recorded(name: string, owner: Parameters<typeof renderOwner>[0], ageMs = 0): Promise<string> {
  const dir = join(wd, name);
  await mkdir(join(dir, 'checkout'), { recursive: true });
  await writeFile(join(dir, 'checkout', 'file'), 'x');
  await writeFile(join(dir, OWNER_FILE), renderOwner(owner));
  const then = new Date(Date.now() - ageMs);
  await utimes(join(dir, OWNER_FILE), then, then);
  return dir;
}

describe('temporary checkouts left by killed runs', () => {
  it('are removed by the next start, and nothing else is', async () => {
    // 1. A real leftover: `once` SIGKILLed (with its git) while it clones.
    const killed = startCli(cli, ['once', '--config', await config('hang', `http://127.0.0.1:${(silent.address() as { port: number }).port}/env.git`)]);
    while ((await marked()).length === 0) {
      if (killed.child.exitCode !== null) throw new Error(`the CLI ended first:\n${killed.output()}`);
      await sleep(10);
    }
    while (held.length === 0) await sleep(10);
    await kill(killed, true);
    const [leftover] = await marked();
    expect(await readdir(join(wd, leftover!))).toEqual(expect.arrayContaining([OWNER_FILE]));

    // 2. A live process's checkout: this one's, made by the same code.
    live = await createTempCheckout(wd);
    await mkdir(live.checkout);
    await writeFile(join(live.checkout, 'file'), 'x');
    const liveName = (await marked()).find((n) => n !== leftover)!;

    // 3. Others': a dead pid in a directory not named like ours, the daemon's kept clone (a repository may
    // hold a file named like the record), an unrecorded directory named like ours, a symlink to a leftover.
    const dead = { ...currentOwner(), pid: killed.child.pid!, start: undefined };
    await recorded('other', dead);
    const kept = keptCloneDir(wd, remote.url, 'main');
    await mkdir(join(kept, '.git'), { recursive: true });
    await writeFile(join(kept, OWNER_FILE), renderOwner(dead));
    await mkdir(join(wd, 'imagebump-abc123'));
    const elsewhere = await recorded('target-elsewhere', { pid: 1, host: 'another-host' }, 3_600_000);
    await symlink(elsewhere, join(wd, 'imagebump-Sym001'));

    // 4. Another host's (the previous pod of a CronJob): its heartbeat stopped an hour ago, or just now.
    await recorded('imagebump-Pod001', { pid: 1, host: 'another-host' }, 3_600_000);
    await recorded('imagebump-Pod002', { pid: 1, host: 'another-host' }, 1_000);

    const before = (await readdir(wd)).sort();
    const next = startCli(cli, ['once', '--config', await config('next', remote.url), '--log-level', 'info']);
    expect(await next.exited, next.output()).toBe(0);

    const removed = [leftover!, 'imagebump-Pod001'];
    expect((await readdir(wd)).sort()).toEqual(before.filter((n) => !removed.includes(n)));
    expect(await readdir(elsewhere)).toEqual(expect.arrayContaining([OWNER_FILE, 'checkout']));
    expect(await readdir(wd)).toContain(liveName);
    expect(await readdir(live.checkout)).toEqual(['file']);
    const logged = next.output().split('\n').filter((l) => l.includes('removed a temporary checkout'));
    expect(logged.map((l) => (JSON.parse(l) as { dir: string; level: string }).dir).sort()).toEqual(removed.map((n) => join(wd, n)).sort());
    expect(logged.every((l) => (JSON.parse(l) as { level: string }).level === 'info')).toBe(true);
  }, 60_000);
});
