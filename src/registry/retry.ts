import { NetworkFailure, parseRetryAfter } from './errors.js';
import type { HttpResponse } from './transport.js';

/** How hard to try again. Every request's attempts are bounded by `maxRetries + 1`. */
export interface RetryPolicy {
  maxRetries: number;
  /** First backoff; each further one doubles, up to `maxDelayMs`, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` worth waiting for inside a cycle; longer ones fail the request now. */
  maxRetryAfterMs: number;
}

export const RETRY_DEFAULTS: Omit<RetryPolicy, 'maxRetries'> = { baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

export type Outcome = HttpResponse | NetworkFailure;

export type RetryDecision =
  | { retry: false }
  /** `retryAfter` marks a wait the registry asked for: the whole host pauses, not just this request. */
  | { retry: true; delayMs: number; retryAfter: boolean };

// Codes that mean the exchange broke half-way or never finished: worth another try. Refused
// connections and unknown hosts fail fast and identically the second time, TLS failures too.
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETRUNCATED', 'EAI_AGAIN', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** Whether a failure is the slow kind (a host that hangs or drops connections), which trips the breaker. */
export function isSlowFailure(outcome: Outcome): outcome is NetworkFailure {
  return outcome instanceof NetworkFailure && (outcome.timedOut || RETRYABLE_CODES.has(outcome.code));
}

/**
 * Decides whether attempt number `attempt` (0 = the first) is followed by another: on 429 and 5xx
 * answers, resets and timeouts, within the retry budget. `Retry-After` is honoured when the registry
 * sends it and is short enough to wait for; otherwise exponential backoff with jitter.
 */
export function decideRetry(outcome: Outcome, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  if (attempt >= policy.maxRetries || !retryable(outcome)) return { retry: false };
  if (!(outcome instanceof NetworkFailure)) {
    const asked = parseRetryAfter(outcome.headers['retry-after']);
    if (asked !== undefined) {
      return asked <= policy.maxRetryAfterMs ? { retry: true, delayMs: asked, retryAfter: true } : { retry: false };
    }
  }
  return { retry: true, delayMs: backoff(attempt, policy, random), retryAfter: false };
}

function retryable(outcome: Outcome): boolean {
  if (outcome instanceof NetworkFailure) return isSlowFailure(outcome);
  return outcome.status === 429 || outcome.status >= 500;
}

/**
 * "Equal jitter": half of the exponential step is fixed, half random. Spreads clients that failed
 * together without ever retrying at once.
 */
export function backoff(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}
