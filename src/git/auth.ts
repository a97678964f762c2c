import type { GitAuth } from './types.js';

const DEFAULT_USERNAME = 'x-access-token';

/** What a git command needs to authenticate, and the strings that must never leave this process. */
export interface RemoteAuth {
  /** Environment entries for commands that talk to the remote (empty when there are no credentials). */
  env: Record<string, string>;
  /** Secret strings to scrub from any message before it is thrown or logged. */
  secrets: string[];
}

export interface SplitUrl {
  /** The URL without userinfo: safe to pass to git and to store in .git/config. */
  url: string;
  auth?: GitAuth;
}

/**
 * Moves credentials embedded in an http(s) URL into auth, so they never reach argv or .git/config.
 * Explicit auth wins over URL userinfo.
 */
export function splitUrlCredentials(rawUrl: string, auth?: GitAuth): SplitUrl {
  if (!isHttpUrl(rawUrl)) return { url: rawUrl, auth };
  const parsed = new URL(rawUrl);
  if (!parsed.username && !parsed.password) return { url: rawUrl, auth };
  const fromUrl: GitAuth = {
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
  };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), auth: auth?.password ? auth : fromUrl };
}

/**
 * Credentials travel as an `Authorization: Basic` header set through GIT_CONFIG_* variables: git reads
 * them like `-c` options, but they appear in no argument list and are never written to .git/config.
 * Credential helpers are switched off so a wrong credential fails instead of being replaced or stored,
 * and an empty GIT_ASKPASS (which also masks core.askPass and SSH_ASKPASS) plus
 * GIT_TERMINAL_PROMPT=0 make git fail at once instead of asking. Caveat: simple-git's own debug
 * output (DEBUG=simple-git*) prints the spawn environment, header included.
 */
export function remoteAuth(url: string, auth?: GitAuth): RemoteAuth {
  const noPrompt = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '' };
  if (!auth?.password || !isHttpUrl(url)) {
    return { env: { ...noPrompt, GIT_CONFIG_COUNT: '0' }, secrets: secretsOf(auth) };
  }
  const username = auth.username || DEFAULT_USERNAME;
  const token = Buffer.from(`${username}:${auth.password}`, 'utf8').toString('base64');
  return {
    env: {
      ...noPrompt,
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${token}`,
      GIT_CONFIG_KEY_1: 'credential.helper',
      GIT_CONFIG_VALUE_1: '',
    },
    secrets: [token, ...secretsOf(auth)],
  };
}

/** Replaces every secret (and URL userinfo, whoever put it there) with a placeholder. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

function secretsOf(auth?: GitAuth): string[] {
  if (!auth?.password) return [];
  const { password } = auth;
  // The URL-encoded form too: that is how git echoes a URL it was given.
  return [password, encodeURIComponent(password)];
}

export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
