import { existsSync, readFileSync } from 'node:fs';
import { resolveSecret } from '../config/secret.js';
import type { RegistryEntry } from '../config/schema/registry.js';
import type { Config } from '../config/types.js';
import { registerCredentials, registerSecret } from '../log/redact.js';
import { defaultDockerConfig, DockerConfigFiles, type ConfigFileSpec } from '../registry/credentials/config-files.js';
import { parseDockerConfig } from '../registry/credentials/docker-config.js';
import { CredentialStore, type ExplicitCredentials } from '../registry/credentials/store.js';
import { createRegistryClient } from '../registry/index.js';
import type { Credentials, RegistryHostSettings } from '../registry/settings.js';
import type { RegistryClient } from '../registry/types.js';

/** A registry setting that cannot be used (an unreadable CA file, say); names the config field. */
export class RegistryConfigError extends Error {
  override name = 'RegistryConfigError';
}

interface HostEntry {
  settings: RegistryHostSettings;
  explicit: ExplicitCredentials;
}

/**
 * The registry client for a config: per-host settings from `registries`, credentials from them, then
 * from credential helpers and docker config files. Files are read now so a bad one stops the command
 * at start (exit 2) instead of failing registries one by one; docker config files are read again
 * whenever they change.
 */
export function registryClientFromConfig(config: Config, env: NodeJS.ProcessEnv = process.env): RegistryClient {
  const hosts = new Map<string, HostEntry>();
  config.registries.forEach((entry, i) => hosts.set(registryName(entry.host), hostEntry(entry, `registries[${i}]`, env)));
  const files = new DockerConfigFiles(dockerConfigSpecs(config, env));
  for (const spec of files.specs) if (spec.required || existsSync(spec.path)) parseDockerConfig(spec.path, readText(spec.path, 'dockerConfig'));
  const store = new CredentialStore({
    explicit: (registry) => hosts.get(registry)?.explicit ?? {},
    dockerConfig: files,
    onResolved: registerResolved,
  });
  return createRegistryClient({ settingsFor: (name) => hosts.get(registryName(name))?.settings ?? {}, credentials: store });
}

function hostEntry(entry: RegistryEntry, field: string, env: NodeJS.ProcessEnv): HostEntry {
  const credentials = entry.credentials ? resolveBasic(entry.credentials, env) : undefined;
  const key = entry.keyFile === undefined ? undefined : readText(entry.keyFile, `${field}.keyFile`);
  if (key !== undefined) registerSecret(key);
  const settings: RegistryHostSettings = {
    insecure: entry.insecure,
    insecureSkipVerify: entry.insecureSkipVerify,
    ca: entry.caFile === undefined ? undefined : readText(entry.caFile, `${field}.caFile`),
    cert: entry.certFile === undefined ? undefined : readText(entry.certFile, `${field}.certFile`),
    key,
    credentials,
    concurrency: entry.concurrency,
    requestsPerSecond: entry.requestsPerSecond,
    burst: entry.burst,
    timeoutMs: entry.timeoutSeconds === undefined ? undefined : Math.round(entry.timeoutSeconds * 1000),
    maxRetries: entry.retries,
    pageSize: entry.pageSize,
    maxPages: entry.maxPages,
  };
  return { settings, explicit: { credentials, helper: entry.credentialHelper } };
}

function dockerConfigSpecs(config: Config, env: NodeJS.ProcessEnv): ConfigFileSpec[] {
  if (config.dockerConfig === undefined) return [defaultDockerConfig(env)];
  const paths = typeof config.dockerConfig === 'string' ? [config.dockerConfig] : config.dockerConfig;
  return paths.map((path) => ({ path, required: true }));
}

/** Docker Hub's historic names are one registry, the one image references call `docker.io`. */
function registryName(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? 'docker.io' : host;
}

function resolveBasic(c: NonNullable<RegistryEntry['credentials']>, env: NodeJS.ProcessEnv): Credentials {
  const password = resolveSecret(c.password, env);
  const username = c.username === undefined ? '' : resolveSecret(c.username, env);
  registerCredentials(username, password);
  return { username, password };
}

function registerResolved(credentials: Credentials): void {
  if ('identityToken' in credentials) registerSecret(credentials.identityToken);
  else registerCredentials(credentials.username, credentials.password);
}

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new RegistryConfigError(`${field}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
