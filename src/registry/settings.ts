/** How to reach one registry host: transport security, credentials, limits. Every field is optional. */

/** Basic credentials, or an OAuth2 refresh token (Docker's `identitytoken`) for the bearer flow. */
export type Credentials = { username: string; password: string } | { identityToken: string };

export interface RegistryHostSettings {
  /** Plain HTTP only. Loopback hosts try HTTPS first and fall back to HTTP without this. */
  insecure?: boolean;
  /** HTTPS without verifying the server's certificate. */
  insecureSkipVerify?: boolean;
  /** PEM CA certificates trusted for this host, on top of the system roots. */
  ca?: string;
  /** PEM client certificate and key (mTLS). */
  cert?: string;
  key?: string;
  /** Explicit credentials; they win over helpers and docker config files. */
  credentials?: Credentials;
  /** Requests in flight at once to this host. */
  concurrency?: number;
  /** Sustained request rate (token bucket); 0 means no limit. */
  requestsPerSecond?: number;
  /** Requests that may go out at once before the rate applies. */
  burst?: number;
  /** Deadline per HTTP request. */
  timeoutMs?: number;
  /** Further attempts after a 429, a 5xx, a reset or a timeout. */
  maxRetries?: number;
  /** Tags asked per page (`n`). */
  pageSize?: number;
  /** Pages read at most per listing; the listing is `truncated` beyond. */
  maxPages?: number;
}

/**
 * Defaults for hosts without settings. Docker Hub's abuse limit is "thousands of requests per minute"
 * per IP; 10/s with 4 in flight stays far below it and below what a self-hosted registry notices.
 */
export const HOST_DEFAULTS = {
  concurrency: 4,
  requestsPerSecond: 10,
  burst: 20,
  timeoutMs: 15_000,
  maxRetries: 2,
  pageSize: 1000, // ECR's cap for `n`
  maxPages: 50,
} as const;

export type ResolvedLimits = { [K in keyof typeof HOST_DEFAULTS]: number };

/** A host's settings with every limit filled in from the client's defaults. */
export function limitsOf(settings: RegistryHostSettings, defaults: ResolvedLimits): ResolvedLimits {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof ResolvedLimits)[]) {
    const value = settings[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
