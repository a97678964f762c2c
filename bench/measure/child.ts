import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const TIME = '/usr/bin/time';

export interface ChildRun {
  wallMs: number;
  /** User + system CPU of the process and every child it waited for (git included). */
  cpuMs: number;
  userMs: number;
  sysMs: number;
  /** Peak resident set of the largest single process in the tree, in MiB. */
  peakRssMiB: number;
  exitCode: number;
  stdoutFile: string;
  stderrFile: string;
}

export interface ChildSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where stdout/stderr/time output go: `<prefix>.out`, `.err`, `.time`. Never pipes: output can be huge. */
  outputPrefix: string;
  timeoutMs: number;
}

export function assertTimeAvailable(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install Debian's "time" package (apt-get install time)`);
}

/** Runs one process under GNU time and reports wall time, CPU and peak RSS. */
export async function runMeasured(spec: ChildSpec): Promise<ChildRun> {
  const files = { out: `${spec.outputPrefix}.out`, err: `${spec.outputPrefix}.err`, time: `${spec.outputPrefix}.time` };
  const out = await open(files.out, 'w');
  const err = await open(files.err, 'w');
  const started = performance.now();
  try {
    const child = spawn(TIME, ['-o', files.time, '-f', '%U %S %M %x', spec.command, ...spec.args], {
      cwd: spec.cwd, env: spec.env, stdio: ['ignore', out.fd, err.fd],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
    }).finally(() => clearTimeout(timer));
    const wallMs = performance.now() - started;
    const measured = await parseTime(files.time);
    return { wallMs, ...measured, exitCode: measured.exitCode ?? code, stdoutFile: files.out, stderrFile: files.err };
  } finally {
    await out.close();
    await err.close();
  }
}

async function parseTime(file: string) {
  const text = await readFile(file, 'utf8');
  await rm(file, { force: true });
  // GNU time prefixes "Command exited with non-zero status N" on a line of its own.
  const last = text.trim().split('\n').at(-1) ?? '';
  const [user, sys, rss, status] = last.split(' ').map(Number);
  if (user === undefined || sys === undefined || rss === undefined || Number.isNaN(rss)) {
    throw new Error(`cannot read GNU time's output: ${JSON.stringify(text)}`);
  }
  return {
    userMs: user * 1000,
    sysMs: sys * 1000,
    cpuMs: (user + sys) * 1000,
    peakRssMiB: rss / 1024,
    exitCode: status === undefined || Number.isNaN(status) ? undefined : status,
  };
}

export function outputPrefix(dir: string, name: string): string {
  return join(dir, name.replace(/[^a-z0-9.-]+/gi, '_'));
}
