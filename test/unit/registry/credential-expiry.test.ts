import { describe, expect, it } from 'vitest';
import { expiresAt } from '../../../src/registry/credentials/expiry.js';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('expiresAt', () => {
  it('reads a JWT secret\'s exp (ACR refresh tokens, identity tokens)', () => {
    const jwt = `${b64url({ alg: 'RS256' })}.${b64url({ exp: 1_900_000_000 })}.c2ln`;
    expect(expiresAt({ identityToken: jwt })).toBe(1_900_000_000_000);
    expect(expiresAt({ username: '00000000-0000-0000-0000-000000000000', password: jwt })).toBe(1_900_000_000_000);
  });

  it("reads the expiration inside an ECR authorization token", () => {
    const ecr = Buffer.from(JSON.stringify({ payload: 'x', datakey: 'y', version: '2', type: 'DATA_KEY', expiration: 1_800_000_000 })).toString('base64');
    expect(expiresAt({ username: 'AWS', password: ecr })).toBe(1_800_000_000_000);
  });

  it('knows nothing about opaque secrets', () => {
    expect(expiresAt({ username: 'oauth2accesstoken', password: 'ya29.a0AfH6SMB-opaque' })).toBeUndefined();
    expect(expiresAt({ username: 'robot', password: 'aGVsbG8gd29ybGQgaGVsbG8=' })).toBeUndefined();
  });
});
