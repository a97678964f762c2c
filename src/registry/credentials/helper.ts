import { spawn } from 'node:child_process';
import { z } from 'zod';
import type { Credentials } from '../settings.js';

/** A helper run that failed; the message names the helper and never carries its stdout's secret. */
export class CredentialHelperError extends Error {
  override name = 'CredentialHelperError';
}

export type HelperRunner = (helper: string, serverUrl: string) => Promise<Credentials | undefined>;

const HELPER_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;
// Helpers answer a miss with a non-zero exit and this text (docker-credential-helpers' ErrCredentialsNotFound).
const NOT_FOUND = /credentials not found/i;
// docker-credential-helpers' convention: this user name means the secret is an OAuth2 refresh token.
const IDENTITY_TOKEN_USER = '<token>';

const answerSchema = z.looseObject({ Username: z.string().optional(), Secret: z.string().min(1) });

/**
 * Runs `docker-credential-<helper> get` from PATH with the server URL on stdin, as Docker does, and
 * reads `{"ServerURL", "Username", "Secret"}` from stdout. Returns undefined when the helper has no
 * credentials for the server. The helper inherits the environment (ECR's needs AWS_*, ACR's AZURE_*).
 */
export const runCredentialHelper: HelperRunner = async (helper, serverUrl) => {
  const program = `docker-credential-${helper}`;
  const run = await execute(program, serverUrl);
  if (run.code !== 0) {
    if (NOT_FOUND.test(run.stdout) || NOT_FOUND.test(run.stderr)) return undefined;
    const said = firstLine(run.stderr) || firstLine(run.stdout);
    throw new CredentialHelperError(`credential helper ${program} failed (${run.failure ?? `exit ${run.code}`})${said ? `: ${said}` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new CredentialHelperError(`credential helper ${program} printed something that is not JSON`);
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success) throw new CredentialHelperError(`credential helper ${program} printed JSON without a Secret`);
  const { Username: username = '', Secret: secret } = answer.data;
  return username === IDENTITY_TOKEN_USER ? { identityToken: secret } : { username, password: secret };
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  failure?: string;
}

function execute(program: string, input: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    let failure: string | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      failure = e.code === 'ENOENT' ? 'not found on PATH' : (e.code ?? e.name);
    });
    child.stdin.on('error', () => undefined); // a helper that exits without reading stdin is not our failure
    child.stdin.end(input);
    child.on('close', (code, signal) => {
      if (signal !== null && failure === undefined) failure = signal === 'SIGKILL' ? `no answer within ${HELPER_TIMEOUT_MS / 1000} s` : signal;
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
      resolve({ code: failure === undefined ? code : -1, stdout: text(out), stderr: text(err), failure });
    });
  });
}

function firstLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = (text.trim().split('\n')[0] ?? '').replace(/[\u0000-\u001f]/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
