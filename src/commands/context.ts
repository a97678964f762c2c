import { loadConfig, type ConfigOverrides } from '../config/load-config.js';
import type { Config } from '../config/types.js';
import { createLogger, type Logger, type LogLevel } from '../log/logger.js';
import { redact } from '../log/redact.js';
import { FileWriteError } from '../files/atomic-write.js';
import { GitError } from '../git/types.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface CommonOptions extends ConfigOverrides {
  config?: string;
  logLevel?: LogLevel;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Output = {
  out: (t) => process.stdout.write(redact(t)),
  err: (t) => process.stderr.write(redact(t)),
};

/** Loads the config for a command, printing every problem as `FILE:LINE: message`. */
export async function configOrExit(opts: CommonOptions, io: Output): Promise<Config | ExitCode> {
  const { config, problems } = await loadConfig(opts.config, opts);
  for (const p of problems) io.err(`${p.file}:${p.line}: ${p.message}\n`);
  return config ?? EXIT.usage;
}

export function makeLogger(opts: CommonOptions, fallback: LogLevel): Logger {
  return createLogger(opts.logLevel ?? fallback);
}

const GIT_FAILURE: Record<GitError['kind'], string> = {
  auth: 'git authentication failed: ',
  'not-found': 'git repository or branch not found: ',
  rejected: 'git push rejected: ',
  transient: 'git remote unreachable: ',
  local: 'git failed: ',
};

/** Maps an error that ended a command to its exit status, after printing it (redacted). */
export function failure(err: unknown, io: Output): ExitCode {
  const message = err instanceof Error ? err.message : String(err);
  const what = err instanceof GitError ? GIT_FAILURE[err.kind] : '';
  io.err(`error: ${what}${message}\n`);
  // A checkout that cannot be written (disk full, read-only) fails like git does: nothing was published.
  return err instanceof GitError || err instanceof FileWriteError ? EXIT.git : EXIT.usage;
}
