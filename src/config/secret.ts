import { readFileSync } from 'node:fs';
import type { SecretSource } from './schema.js';
import { registerSecret } from '../log/redact.js';

export class SecretError extends Error {
  override name = 'SecretError';
}

/** Reads a secret and registers its value for redaction before anyone can log it. */
export function resolveSecret(source: SecretSource | string, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof source === 'string') return source;
  let value: string;
  if ('env' in source) {
    const v = env[source.env];
    if (v === undefined || v === '') throw new SecretError(`environment variable ${source.env} is not set`);
    value = v;
  } else {
    try {
      value = readFileSync(source.file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new SecretError(`cannot read secret file ${source.file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
  }
  registerSecret(value);
  return value;
}
