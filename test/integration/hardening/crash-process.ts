import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../helpers/cli.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** A CLI process loaded and waiting for its arguments, leading a process group of its own. */
export interface WarmCli {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output(): string;
  go(args: string[]): void;
}

export function warmCli(env: NodeJS.ProcessEnv): WarmCli {
  // Its own process group: git children are in it too, so the whole cycle can be killed at once.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let readyNow: () => void = () => undefined;
  const ready = new Promise<void>((ok) => (readyNow = ok));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) readyNow();
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, ready, exited, output: () => out, go: (args) => child.stdin!.write(`${JSON.stringify(args)}\n`) };
}

/**
 * SIGKILL, the way a node or a container dies: `group` kills the CLI and its git children together (the
 * container's cgroup going away); otherwise only the CLI (the OOM killer's pick), and its orphaned git
 * children run on to their end, which is awaited here.
 */
export async function kill(cli: WarmCli, group: boolean): Promise<void> {
  const pid = cli.child.pid!;
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await cli.exited;
  for (let waited = 0; (await liveMembers(pid)) > 0; waited += 20) {
    if (waited > 20_000) throw new Error(`process group ${pid} still running 20 s after the kill`);
    await sleep(20);
  }
}

/** Processes of the group that are not zombies (an orphan's zombie is its reaper's business). */
async function liveMembers(pgid: number): Promise<number> {
  let live = 0;
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') live += 1;
  }
  return live;
}

/** A small seeded PRNG (mulberry32): the same kills in the same places on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
