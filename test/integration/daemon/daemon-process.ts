import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../helpers/cli.js';

export interface LogLine {
  msg?: string;
  level?: string;
  [key: string]: unknown;
}

export interface DaemonProcess {
  child: ChildProcess;
  /** `http://host:port` once the daemon logged its address. */
  url: string;
  stdout(): string;
  stderr(): string;
  lines(): LogLine[];
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `imagebump run` as a child process (TypeScript through tsx) and waits for its HTTP address. */
export async function startDaemonProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DaemonProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}src/cli.ts`, 'run', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((ok) => child.on('close', ok));
  const lines = () => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const waitForLog = async (match: (line: LogLine) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = lines().find(match);
      if (hit) return hit;
      if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}:\n${stderr}`);
      await sleep(50);
    }
    throw new Error(`timed out waiting for a log line; stderr:\n${stderr}`);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null) child.kill(signal);
    return exited;
  };
  try {
    const started = await waitForLog((l) => l.msg === 'daemon started', 30_000);
    return { child, url: `http://${String(started.address)}`, stdout: () => stdout, stderr: () => stderr, lines, waitForLog, stop };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpAnswer> {
  return new Promise((ok, fail) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error('timed out waiting');
}
