/** Bearer tokens per realm + service + scope, kept until shortly before they expire. */

/** The lifetime the Docker token spec tells clients to assume when `expires_in` is absent. */
export const DEFAULT_TOKEN_SECONDS = 60;
const MAX_MARGIN_MS = 10_000;

interface Entry {
  token: string;
  expiresAt: number;
}

export function tokenKey(realm: string, service: string | undefined, scope: string): string {
  return JSON.stringify([realm, service ?? '', scope]);
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() < entry.expiresAt) return entry.token;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * Drops the token a little before the server says it expires (10 s, or half the lifetime for short
   * ones) so a request never leaves with a token that expires on the way.
   */
  set(key: string, token: string, expiresInSeconds: number = DEFAULT_TOKEN_SECONDS): void {
    const lifetimeMs = expiresInSeconds * 1000;
    const margin = Math.min(MAX_MARGIN_MS, lifetimeMs / 2);
    this.entries.set(key, { token, expiresAt: this.now() + lifetimeMs - margin });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
