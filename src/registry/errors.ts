import { decodeErrorDetail } from './schema.js';
import { RegistryError, type RegistryErrorKind } from './types.js';

/** Where a failure happened; `host` is the registry name (or token realm host) users recognise. */
export interface ErrorContext {
  host: string;
  repository?: string;
}

/**
 * A request that got no HTTP answer. The transport throws this instead of the library's error, whose
 * config carries request headers (Authorization) that must never travel further.
 */
export class NetworkFailure extends Error {
  constructor(
    readonly code: string,
    readonly timedOut: boolean,
  ) {
    super(`network failure ${code}`);
    this.name = 'NetworkFailure';
  }
}

/**
 * A request the transport did not send: the host asked to be left alone for longer than a cycle
 * waits (`Retry-After`), or it failed the slow way moments ago (its breaker is open).
 */
export class HostUnavailable extends Error {
  constructor(
    readonly kind: 'rate-limited' | 'transient',
    reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'HostUnavailable';
  }
}

const NOT_FOUND_CODES = new Set(['NAME_UNKNOWN', 'MANIFEST_UNKNOWN', 'BLOB_UNKNOWN']);
const UNAUTHORIZED_CODES = new Set(['UNAUTHORIZED', 'DENIED']);
const TLS_CODE = /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

/** Classifies an HTTP answer that the caller could not use. */
export function errorFromResponse(ctx: ErrorContext, status: number, headers: Record<string, string>, body: Buffer): RegistryError {
  const detail = decodeErrorDetail(body);
  const kind = kindOf(status, detail?.code);
  const code = detail ? ` ${detail.code}` : '';
  const text = detail?.message ? `: ${clip(detail.message)}` : '';
  const hint = kind === 'unauthorized' ? ' (check the credentials for this registry)' : '';
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const wait = retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
  return new RegistryError(kind, ctx.host, `${where(ctx)}: HTTP ${status}${code}${text}${hint}${wait}`, status, retryAfterMs);
}

function kindOf(status: number, code: string | undefined): RegistryErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500 || status === 408) return 'transient';
  if (code !== undefined && NOT_FOUND_CODES.has(code)) return 'not-found';
  if (code !== undefined && UNAUTHORIZED_CODES.has(code)) return 'unauthorized';
  if (code === 'TOOMANYREQUESTS') return 'rate-limited';
  return 'protocol';
}

/** A response that arrived but made no sense (bad JSON, missing fields, odd links). */
export function protocolError(ctx: ErrorContext, problem: string, status?: number): RegistryError {
  return new RegistryError('protocol', ctx.host, `${where(ctx)}: ${problem}`, status);
}

/** Wraps anything thrown below the adapter edge; RegistryErrors pass through unchanged. */
export function toRegistryError(ctx: ErrorContext, err: unknown): RegistryError {
  if (err instanceof RegistryError) return err;
  if (err instanceof NetworkFailure) return fromNetwork(ctx, err);
  if (err instanceof HostUnavailable) return new RegistryError(err.kind, ctx.host, `${where(ctx)}: ${err.message}`, undefined, err.retryAfterMs);
  // Only the class name: messages of unknown errors might quote request data.
  const name = err instanceof Error ? err.name : typeof err;
  return new RegistryError('transient', ctx.host, `${where(ctx)}: unexpected failure (${name})`);
}

function fromNetwork(ctx: ErrorContext, failure: NetworkFailure): RegistryError {
  if (failure.timedOut) return new RegistryError('transient', ctx.host, `${where(ctx)}: request timed out`);
  if (TLS_CODE.test(failure.code)) {
    return new RegistryError('protocol', ctx.host, `${where(ctx)}: TLS failed (${failure.code})`);
  }
  if (failure.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED' || failure.code === 'ERR_BAD_RESPONSE') {
    return new RegistryError('protocol', ctx.host, `${where(ctx)}: response too large or malformed (${failure.code})`);
  }
  if (failure.code === 'ETRUNCATED') return new RegistryError('transient', ctx.host, `${where(ctx)}: the response was cut off`);
  return new RegistryError('transient', ctx.host, `${where(ctx)}: connection failed (${failure.code})`);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function where(ctx: ErrorContext): string {
  return ctx.repository === undefined ? `registry ${ctx.host}` : `registry ${ctx.host}, repository ${ctx.repository}`;
}

function clip(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
