import type { Credentials } from '../settings.js';

/**
 * When helper-issued credentials stop working, if they say: a JWT's `exp` (ACR refresh tokens, many
 * identity tokens) or the `expiration` inside an ECR authorization token (base64 JSON). Opaque secrets
 * (GCR access tokens, robot passwords) say nothing: undefined.
 */
export function expiresAt(credentials: Credentials): number | undefined {
  const secret = 'identityToken' in credentials ? credentials.identityToken : credentials.password;
  return jwtExpiry(secret) ?? ecrExpiry(secret);
}

function jwtExpiry(secret: string): number | undefined {
  const parts = secret.split('.');
  if (parts.length !== 3) return undefined;
  const claims = decodeJson(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  return seconds(claims?.exp);
}

function ecrExpiry(secret: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(secret) || secret.length < 16) return undefined;
  const payload = decodeJson(Buffer.from(secret, 'base64').toString('utf8'));
  return seconds(payload?.expiration);
}

function decodeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}
