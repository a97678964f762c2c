import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../helpers/cli.js';

/** The CLI running one command, leading a process group of its own. */
export interface CliProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** Starts `node <cli.js> <args>`: the compiled CLI (see crash-cli-build.ts), as a user runs it. */
export function startCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  // Its own process group: git children are in it too, so the whole cycle can be killed at once.
  const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, exited, output: () => out };
}

/**
 * SIGKILL, the way a node or a container dies: `group` kills the CLI and its git children together (the
 * container's cgroup going away); otherwise only the CLI (the OOM killer's pick), and its orphaned git
 * children run on to their end, which is awaited here.
 */
export async function kill(cli: CliProcess, group: boolean): Promise<void> {
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
