import { pino, type Logger } from 'pino';
import { redactDebugOutput } from './debug-output.js';
import { redact } from './redact.js';

export type { Logger };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** JSON lines on stderr, each passed through the secret redactor before it leaves the process. */
export function createLogger(level: LogLevel = 'info', sink: { write(line: string): unknown } = process.stderr): Logger {
  redactDebugOutput();
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => sink.write(redact(line)) },
  );
}
