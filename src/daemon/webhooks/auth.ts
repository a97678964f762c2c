import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Delivery, WebhookSource } from './types.js';

type AuthResult = ReturnType<WebhookSource['authenticate']>;

const OK: AuthResult = { ok: true };

/**
 * Constant-time string comparison. Both sides are hashed first so that neither the content nor the
 * length of the expected value leaks through timing.
 */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** `sha256=<hex>` of HMAC-SHA256(body) under `key`, as GitHub signs (X-Hub-Signature-256). */
export function hmacSha256(body: Buffer, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

export function checkSignature(delivery: Delivery, header: string, key: string): AuthResult {
  const given = delivery.headers[header];
  if (!given) return { ok: false, reason: `missing ${header}` };
  return safeEqual(given.trim().toLowerCase(), hmacSha256(delivery.body, key)) ? OK : { ok: false, reason: `invalid ${header}` };
}

export function checkHeader(delivery: Delivery, header: string, expected: string): AuthResult {
  const given = delivery.headers[header];
  if (given === undefined) return { ok: false, reason: `missing ${header}` };
  return safeEqual(given, expected) ? OK : { ok: false, reason: `wrong ${header}` };
}

export function checkPathSecret(delivery: Delivery, expected: string): AuthResult {
  if (delivery.pathSecret === undefined) return { ok: false, reason: 'missing secret path segment' };
  return safeEqual(delivery.pathSecret, expected) ? OK : { ok: false, reason: 'wrong secret path segment' };
}

/**
 * Every configured credential is a way in; none configured means the source was explicitly allowed
 * without one (the config schema refuses a source with neither).
 */
export function anyOf(delivery: Delivery, checks: Array<((d: Delivery) => AuthResult) | undefined>): AuthResult {
  const configured = checks.filter((c): c is (d: Delivery) => AuthResult => c !== undefined);
  if (configured.length === 0) return OK;
  let last: AuthResult = { ok: false, reason: 'no credential' };
  for (const check of configured) {
    last = check(delivery);
    if (last.ok) return last;
  }
  return last;
}
