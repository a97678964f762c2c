import { z } from 'zod';
import type { Credentials } from '../settings.js';

/**
 * Docker's `config.json`, which is also what a Kubernetes `kubernetes.io/dockerconfigjson` secret
 * holds (its `.dockerconfigjson` key), plus the legacy `.dockercfg` form (the `auths` map on its own).
 */
export interface DockerConfig {
  file: string;
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

const authEntrySchema = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
type AuthEntry = z.output<typeof authEntrySchema>;

const helperName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a helper name (docker-credential-<name>)');
const configSchema = z.looseObject({
  auths: z.record(z.string(), authEntrySchema).optional(),
  credHelpers: z.record(z.string(), helperName).optional(),
  credsStore: z.union([helperName, z.literal('')]).optional(),
});

/** A docker config file that cannot be used; the message names the file and the field, never a value. */
export class DockerConfigError extends Error {
  override name = 'DockerConfigError';
}

/** Parses a config file's text. Throws DockerConfigError naming the file and what is wrong. */
export function parseDockerConfig(file: string, text: string): DockerConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DockerConfigError(`${file}: not valid JSON`);
  }
  if (isLegacy(json)) json = { auths: json };
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DockerConfigError(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { auths = {}, credHelpers = {}, credsStore } = parsed.data;
  for (const [key, entry] of Object.entries(auths)) decodeEntry(file, key, entry); // fail now, not mid-cycle
  return { file, auths, credHelpers, ...(credsStore ? { credsStore } : {}) };
}

/** `.dockercfg`: `{"host": {"auth": "...", "email": "..."}}`, no `auths` wrapper. */
function isLegacy(json: unknown): json is Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  if (keys.some((k) => k === 'auths' || k === 'credHelpers' || k === 'credsStore')) return false;
  return keys.length > 0 && Object.values(json).every((v) => typeof v === 'object' && v !== null && 'auth' in v);
}

/** The `auths` entry for a registry, decoded, or undefined when there is none (or it is empty). */
export function authFor(config: DockerConfig, registry: string): Credentials | undefined {
  const key = Object.keys(config.auths).find((k) => serverMatches(k, registry));
  return key === undefined ? undefined : decodeEntry(config.file, key, config.auths[key]!);
}

/** The `credHelpers` entry for a registry (`credsStore` is the caller's fallback). */
export function credHelperFor(config: DockerConfig, registry: string): string | undefined {
  const key = Object.keys(config.credHelpers).find((k) => serverMatches(k, registry));
  return key === undefined ? undefined : config.credHelpers[key];
}

function decodeEntry(file: string, key: string, entry: AuthEntry): Credentials | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  // Docker reads `auth` first and lets it override username/password.
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (!/^[A-Za-z0-9+/]+=*$/.test(entry.auth) || colon <= 0) {
      throw new DockerConfigError(`${file}: auths.${key}.auth: must be base64 of "username:password"`);
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined; // `{}` placeholders are what Docker writes when a credsStore holds the secret
}

/**
 * Whether a config key names a registry, as Docker compares them: the key's scheme and path are
 * dropped (`https://ghcr.io/v2/` is `ghcr.io`). Docker Hub answers to its historic names too.
 */
export function serverMatches(key: string, registry: string): boolean {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
  return registry === DOCKER_HUB ? HUB_NAMES.has(host) : host === registry.toLowerCase();
}

const DOCKER_HUB = 'docker.io';
const HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** What a credential helper is asked for: Docker passes Docker Hub's historic index URL. */
export function helperServerUrl(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
}
