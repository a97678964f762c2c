import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Counts the git processes a run starts: a `git` first on PATH that logs its arguments and execs the
 * real one. Git's own helpers (upload-pack, index-pack) run from its exec path, not PATH, so what is
 * counted is exactly the commands the program under test asked for.
 */
export interface GitTrace {
  binDir: string;
  env(logFile: string): Record<string, string>;
  read(logFile: string): Promise<GitOps>;
}

export interface GitOps {
  total: number;
  bySubcommand: Record<string, number>;
  /** Wall seconds spent in each subcommand, from git's own trace2 events. */
  secondsBySubcommand: Record<string, number>;
  /** Commands that change the remote or history: commit, push. */
  writes: number;
}

const WRITES = new Set(['commit', 'push']);

export async function createGitTrace(dir: string): Promise<GitTrace> {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  // trace2 is set here, past imagebump's filter of GIT_* variables, so the program under test is unchanged.
  const script = `#!/bin/sh\nprintf '%s\\n' "$*" >> "$BENCH_GIT_LOG"\nGIT_TRACE2_EVENT="$BENCH_GIT_LOG.trace2" exec ${realGit} "$@"\n`;
  await writeFile(join(dir, 'git'), script);
  await chmod(join(dir, 'git'), 0o755);
  return {
    binDir: dir,
    env: (logFile) => ({ BENCH_GIT_LOG: logFile, PATH: `${dir}:${process.env.PATH ?? ''}` }),
    read: async (logFile) => ({
      ...summarise(await readFile(logFile, 'utf8').catch(() => '')),
      secondsBySubcommand: timings(await readFile(`${logFile}.trace2`, 'utf8').catch(() => '')),
    }),
  };
}

function summarise(log: string): Omit<GitOps, 'secondsBySubcommand'> {
  const bySubcommand: Record<string, number> = {};
  let total = 0;
  let writes = 0;
  for (const line of log.split('\n')) {
    if (line === '') continue;
    const sub = subcommand(line.split(' '));
    total++;
    bySubcommand[sub] = (bySubcommand[sub] ?? 0) + 1;
    if (WRITES.has(sub)) writes++;
  }
  return { total, bySubcommand, writes };
}

/** The subcommand, skipping global options (`-c key=value`, `--literal-pathspecs`). */
function subcommand(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '?';
}

interface Trace2Event {
  event?: string;
  sid?: string;
  argv?: string[];
  t_abs?: number;
}

/** Seconds per subcommand of the top-level git processes (their children's sids contain a `/`). */
function timings(trace: string): Record<string, number> {
  const names = new Map<string, string>();
  const seconds: Record<string, number> = {};
  for (const line of trace.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: Trace2Event;
    try {
      event = JSON.parse(line) as Trace2Event;
    } catch {
      continue;
    }
    if (!event.sid || event.sid.includes('/')) continue;
    if (event.event === 'start' && event.argv) names.set(event.sid, subcommand(event.argv.slice(1)));
    if (event.event === 'exit' && event.t_abs !== undefined) {
      const name = names.get(event.sid) ?? '?';
      seconds[name] = Math.round(((seconds[name] ?? 0) + event.t_abs) * 1000) / 1000;
    }
  }
  return seconds;
}
