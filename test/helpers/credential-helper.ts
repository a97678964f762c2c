import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface HelperAnswer {
  Username: string;
  Secret: string;
}

export interface FakeCredentialHelper {
  /** The directory to put first on PATH. */
  binDir: string;
  /** The server URLs the helper was asked for, one per run. */
  calls(): Promise<string[]>;
  /** Sets (or with undefined, removes) the answer for a server URL. */
  answer(server: string, value: HelperAnswer | undefined): Promise<void>;
  /** Makes every run fail with this message on stderr (undefined: answer normally). */
  fail(message: string | undefined): Promise<void>;
  /** Puts `binDir` first on this process's PATH (what spawned helpers see); returns the undo. */
  onPath(): () => void;
  cleanup(): Promise<void>;
}

/**
 * Writes a `docker-credential-<name>` shell script speaking the credential-helper protocol: the server
 * URL on stdin, `{"ServerURL","Username","Secret"}` on stdout, "credentials not found" and exit 1 for
 * an unknown server. Each run is logged, and takes `delayMs` so concurrent callers overlap.
 */
export async function makeCredentialHelper(name: string, delayMs = 200): Promise<FakeCredentialHelper> {
  const dir = await mkdtemp(join(tmpdir(), 'imagebump-cred-helper-'));
  const binDir = join(dir, 'bin');
  const answers = join(dir, 'answers');
  await mkdir(binDir);
  await mkdir(answers);
  const log = join(dir, 'calls.log');
  await writeFile(log, '');
  const script = `#!/bin/sh
[ "$1" = get ] || { echo "unsupported: $1" >&2; exit 2; }
server=$(cat)
printf '%s\\n' "$server" >> '${log}'
sleep ${(delayMs / 1000).toFixed(3)}
if [ -f '${dir}/fail' ]; then cat '${dir}/fail' >&2; exit 1; fi
file='${answers}/'$(printf '%s' "$server" | tr -c 'A-Za-z0-9' '_')
if [ -f "$file" ]; then cat "$file"; else echo "credentials not found in native keychain"; exit 1; fi
`;
  const program = join(binDir, `docker-credential-${name}`);
  await writeFile(program, script);
  await chmod(program, 0o755);
  return {
    binDir,
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line !== ''),
    answer: async (server, value) => {
      const file = join(answers, server.replace(/[^A-Za-z0-9]/g, '_'));
      if (value === undefined) await rm(file, { force: true });
      else await writeFile(file, JSON.stringify({ ServerURL: server, ...value }));
    },
    fail: async (message) => {
      if (message === undefined) await rm(join(dir, 'fail'), { force: true });
      else await writeFile(join(dir, 'fail'), `${message}\n`);
    },
    onPath: () => {
      const before = process.env.PATH;
      process.env.PATH = `${binDir}${delimiter}${before ?? ''}`;
      return () => {
        process.env.PATH = before;
      };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
