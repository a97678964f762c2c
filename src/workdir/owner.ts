import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Who made a temporary checkout, written into it so a later start can tell a leftover of a dead process
 * from the checkout of one still running. A pid alone is not enough: in a container every run is pid 1
 * (or close), so a pid is also compared with the process's start time, and only where it means the same
 * process: the same host, boot and pid namespace. Elsewhere (the next pod of a CronJob, another machine
 * sharing the volume) the kernel cannot be asked, and the owner's heartbeat, the record's mtime, decides.
 */
export interface Owner {
  pid: number;
  host: string;
  /** Linux: the kernel's boot id; a pid from another boot is a different process. */
  boot?: string;
  /** Linux: the pid namespace (`pid:[…]`); the same pid in another namespace is another process. */
  pidns?: string;
  /** Linux: the process's start time in clock ticks since boot; a reused pid has another. */
  start?: number;
}

export const OWNER_FILE = 'imagebump-owner.json';
/** The owner touches its record this often while it runs… */
export const HEARTBEAT_MS = 60_000;
/** …so a record this old, from where the kernel cannot be asked, belongs to a process that is gone. */
export const STALE_MS = 10 * HEARTBEAT_MS;

const ownerSchema = z.object({
  tool: z.literal('imagebump'),
  pid: z.number().int().positive(),
  host: z.string(),
  boot: z.string().optional(),
  pidns: z.string().optional(),
  start: z.number().int().nonnegative().optional(),
});

export function renderOwner(owner: Owner): string {
  return `${JSON.stringify({ tool: 'imagebump', ...owner })}\n`;
}

/** The record, or undefined for anything imagebump did not write. */
export function parseOwner(text: string): Owner | undefined {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const { tool: _tool, ...owner } = parsed.data;
    return owner;
  } catch {
    return undefined;
  }
}

let self: Owner | undefined;

/** This process, as its record names it. */
export function currentOwner(): Owner {
  self ??= {
    pid: process.pid,
    host: hostname(),
    boot: readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidns: readOr(() => readlinkSync('/proc/self/ns/pid')),
    start: startTime(process.pid),
  };
  return self;
}

/** What the kernel says of a pid now: alive (or another user's), and when that process started. */
export interface PidProbe {
  alive: boolean;
  start?: number;
}

export function probePid(pid: number): PidProbe {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: a process is there, owned by another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return { alive: false };
  }
  return { alive: true, start: startTime(pid) };
}

/**
 * Whether the owner is certainly gone. Where the kernel can be asked: its pid names no process, or a
 * process that started at another time. Elsewhere: its heartbeat stopped `STALE_MS` ago.
 */
export function ownerGone(owner: Owner, self: Owner, probe: () => PidProbe, recordAgeMs: number): boolean {
  const sameKernel = owner.host === self.host && owner.boot === self.boot && owner.pidns === self.pidns;
  if (!sameKernel) return recordAgeMs > STALE_MS;
  const now = probe();
  if (!now.alive) return true;
  return owner.start !== undefined && now.start !== undefined && owner.start !== now.start;
}

/** Field 22 of /proc/PID/stat; the command name before it may hold spaces and parentheses. */
function startTime(pid: number): number | undefined {
  return readOr(() => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isInteger(value) ? value : undefined;
  });
}

function readOr<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
