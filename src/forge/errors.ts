import { isAxiosError } from 'axios';

/** What the caller does next: fix the config (auth, not-found, invalid), look again (conflict), or retry later. */
export type ForgeErrorKind = 'auth' | 'not-found' | 'conflict' | 'invalid' | 'transient';

export class ForgeError extends Error {
  constructor(
    readonly kind: ForgeErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ForgeError';
  }
}

/**
 * The one place a transport failure becomes a ForgeError. The message names the request and the
 * forge's own words, never headers: the token travels in a header and must not reach a log.
 */
export function toForgeError(err: unknown, what: string): ForgeError {
  if (err instanceof ForgeError) return err;
  if (!isAxiosError(err)) return new ForgeError('transient', `${what}: ${err instanceof Error ? err.message : String(err)}`);
  const status = err.response?.status;
  if (status === undefined) return new ForgeError('transient', `${what}: ${err.code ?? err.message}`);
  const detail = describe(err.response?.data);
  const message = `${what}: HTTP ${status}${detail ? `: ${detail}` : ''}`;
  return new ForgeError(kindOf(status), message, status);
}

function kindOf(status: number): ForgeErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 422) return 'conflict';
  if (status === 429 || status >= 500) return 'transient';
  return 'invalid';
}

/** The forge's error text: GitHub `message` + `errors[].message`, GitLab `message`/`error`, Gitea `message`. */
function describe(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 300);
  if (!data || typeof data !== 'object') return '';
  const d = data as { message?: unknown; error?: unknown; errors?: unknown };
  const parts: string[] = [];
  const main = d.message ?? d.error;
  if (typeof main === 'string') parts.push(main);
  else if (main !== undefined) parts.push(JSON.stringify(main));
  if (Array.isArray(d.errors)) {
    for (const e of d.errors) parts.push(typeof e === 'string' ? e : String((e as { message?: unknown }).message ?? JSON.stringify(e)));
  }
  return parts.join('; ').slice(0, 500);
}
