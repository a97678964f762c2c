/** What the transport counted for one network host, for reports and (later) metrics. */
export interface HostStats {
  /** HTTP attempts sent, retries included. */
  requests: number;
  /** Attempts that were retries of an earlier one. */
  retries: number;
  /** `429 Too Many Requests` answers. */
  throttled: number;
  /** Attempts that got no HTTP answer (timeouts, resets, refused connections, TLS failures). */
  networkFailures: number;
  /** Requests failed without trying because the host was paused or its breaker was open. */
  shortCircuited: number;
  /** Docker Hub's pull quota as last reported (`RateLimit-Limit` / `RateLimit-Remaining`). */
  rateLimit?: RateLimitInfo;
}

export interface RateLimitInfo {
  limit: number;
  remaining: number;
  /** The quota window (`;w=21600`), when the registry says. */
  windowSeconds?: number;
}

export function emptyStats(): HostStats {
  return { requests: 0, retries: 0, throttled: 0, networkFailures: 0, shortCircuited: 0 };
}

/**
 * Reads Docker Hub's quota headers: `ratelimit-limit: 100;w=21600`, `ratelimit-remaining: 76;w=21600`.
 * Returns undefined unless both are present and numeric (authenticated paid accounts get none).
 */
export function parseRateLimit(headers: Record<string, string>): RateLimitInfo | undefined {
  const limit = quotaPart(headers['ratelimit-limit']);
  const remaining = quotaPart(headers['ratelimit-remaining']);
  if (limit === undefined || remaining === undefined) return undefined;
  const windowSeconds = limit.window ?? remaining.window;
  return { limit: limit.value, remaining: remaining.value, ...(windowSeconds === undefined ? {} : { windowSeconds }) };
}

function quotaPart(header: string | undefined): { value: number; window?: number } | undefined {
  const match = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(header ?? '');
  if (match === null) return undefined;
  return { value: Number(match[1]), ...(match[2] === undefined ? {} : { window: Number(match[2]) }) };
}
