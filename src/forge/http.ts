import axios, { type AxiosInstance } from 'axios';
import type { z } from 'zod';
import { ForgeError, toForgeError } from './errors.js';
import type { ForgeSettings } from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'imagebump (+https://github.com/imagebump/imagebump)';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** A JSON client for one forge API: errors wrapped once, replies checked against a zod schema. */
export interface ForgeHttp {
  request<S extends z.ZodType>(method: Method, path: string, schema: S, opts?: { query?: Record<string, string | number>; body?: unknown }): Promise<z.output<S>>;
  /** Absolute URL for an API path, for endpoints outside the REST base (GitHub's GraphQL). */
  readonly baseUrl: string;
}

export function createForgeHttp(settings: ForgeSettings, authHeaders: Record<string, string>): ForgeHttp {
  const client: AxiosInstance = axios.create({
    baseURL: settings.baseUrl.replace(/\/+$/, ''),
    timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: { 'User-Agent': USER_AGENT, Accept: 'application/json', ...authHeaders },
    // Redirects could carry the token to another host; the API base is configured, not discovered.
    maxRedirects: 0,
    validateStatus: (s) => s >= 200 && s < 300,
  });
  return {
    baseUrl: client.defaults.baseURL!,
    async request(method, path, schema, opts = {}) {
      const what = `${method} ${path}`;
      let data: unknown;
      try {
        const res = await client.request({ method, url: path, params: opts.query, data: opts.body });
        data = res.data;
      } catch (err) {
        throw toForgeError(err, what);
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ForgeError('invalid', `${what}: unexpected reply (${issue?.path.join('.') || 'body'}: ${issue?.message})`);
      }
      return parsed.data;
    },
  };
}

/** `owner/name` → `owner/name` with each segment percent-encoded, for path templates. */
export function projectPath(project: string): string {
  return project.split('/').map(encodeURIComponent).join('/');
}
