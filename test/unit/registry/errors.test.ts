import { describe, expect, it } from 'vitest';
import { errorFromResponse, NetworkFailure, parseRetryAfter, toRegistryError } from '../../../src/registry/errors.js';
import { RegistryError } from '../../../src/registry/types.js';

const ctx = { host: 'ghcr.io', repository: 'org/app' };
const body = (code: string, message = 'x'): Buffer => Buffer.from(JSON.stringify({ errors: [{ code, message }] }));

describe('errorFromResponse', () => {
  it.each([
    [401, body('UNAUTHORIZED', 'authentication required'), 'unauthorized'],
    [403, body('DENIED'), 'unauthorized'],
    [404, body('NAME_UNKNOWN', 'repository name not known to registry'), 'not-found'],
    [404, Buffer.alloc(0), 'not-found'],
    [400, body('MANIFEST_UNKNOWN'), 'not-found'],
    [400, body('DENIED'), 'unauthorized'],
    [400, body('TOOMANYREQUESTS'), 'rate-limited'],
    [429, body('TOOMANYREQUESTS'), 'rate-limited'],
    [500, Buffer.from('<html>oops</html>'), 'transient'],
    [503, Buffer.alloc(0), 'transient'],
    [408, Buffer.alloc(0), 'transient'],
    [400, Buffer.from('Client sent an HTTP request to an HTTPS server.'), 'protocol'],
    [302, Buffer.alloc(0), 'protocol'],
  ])('HTTP %i %s is %s', (status, payload, kind) => {
    const err = errorFromResponse(ctx, status, {}, payload);
    expect(err).toMatchObject({ kind, status, host: 'ghcr.io' });
    expect(err.message).toContain('ghcr.io');
    expect(err.message).toContain('org/app');
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it('names the registry error code and message, clipped and on one line', () => {
    const err = errorFromResponse(ctx, 404, {}, body('MANIFEST_UNKNOWN', `manifest\nunknown ${'z'.repeat(500)}`));
    expect(err.message).toContain('MANIFEST_UNKNOWN: manifest unknown');
    expect(err.message).not.toContain('\n');
    expect(err.message.length).toBeLessThan(320);
  });

  it('carries Retry-After of a 429', () => {
    const err = errorFromResponse(ctx, 429, { 'retry-after': '30' }, Buffer.alloc(0));
    expect(err.retryAfterMs).toBe(30_000);
    expect(err.message).toContain('retry after 30 s');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
});

describe('toRegistryError', () => {
  it.each([
    [new NetworkFailure('ECONNREFUSED', false), 'transient', /connection failed \(ECONNREFUSED\)/],
    [new NetworkFailure('ECONNRESET', false), 'transient', /ECONNRESET/],
    [new NetworkFailure('ETIMEDOUT', true), 'transient', /timed out/],
    [new NetworkFailure('EPROTO', false), 'protocol', /TLS failed \(EPROTO\)/],
    [new NetworkFailure('DEPTH_ZERO_SELF_SIGNED_CERT', false), 'protocol', /TLS/],
    [new NetworkFailure('ERR_FR_MAX_BODY_LENGTH_EXCEEDED', false), 'protocol', /too large/],
  ])('%s is %s', (failure, kind, message) => {
    const err = toRegistryError(ctx, failure);
    expect(err).toMatchObject({ kind, host: 'ghcr.io' });
    expect(err.message).toMatch(message);
    expect(err.message).toContain('org/app');
  });

  it('passes RegistryErrors through unchanged', () => {
    const original = new RegistryError('rate-limited', 'ghcr.io', 'slow down', 429);
    expect(toRegistryError(ctx, original)).toBe(original);
  });

  it('does not repeat the message of an unknown error, which may quote request data', () => {
    const err = toRegistryError(ctx, new TypeError('header Authorization: Bearer s3cr3t is invalid'));
    expect(err.kind).toBe('transient');
    expect(err.message).toContain('TypeError');
    expect(err.message).not.toContain('s3cr3t');
  });
});
