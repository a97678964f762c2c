import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SigningConfig } from '../config/schema/repo.js';
import { resolveSecret } from '../config/secret.js';
import type { Signing } from './types.js';

/**
 * Turns `commit.signing` into what git's signing settings take. An SSH key is named by its path;
 * a key held in an environment variable is written to a file only this user can read, removed
 * when the process exits. An OpenPGP key is named by its id, from the GnuPG home in GNUPGHOME.
 */
export function resolveSigning(config: SigningConfig | undefined, env: NodeJS.ProcessEnv = process.env): Signing | undefined {
  if (!config) return undefined;
  const { format, key } = config;
  if (format === 'openpgp') return { format, key: typeof key === 'string' ? key : resolveSecret(key, env) };
  if (typeof key === 'string') return { format, key: path.resolve(key) };
  if ('file' in key) return { format, key: path.resolve(key.file) };
  return { format, key: writePrivateKey(resolveSecret(key, env)) };
}

function writePrivateKey(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagebump-signing-'));
  const file = path.join(dir, 'key');
  // ssh-keygen refuses a private key others can read; and OpenSSH keys need their final newline.
  writeFileSync(file, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}
