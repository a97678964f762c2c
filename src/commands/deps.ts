import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSecret } from '../config/secret.js';
import type { Config } from '../config/types.js';
import type { CycleDeps } from '../cycle.js';
import { cloneWorkspace } from '../git/index.js';
import type { GitAuth } from '../git/types.js';
import type { Logger } from '../log/logger.js';
import { registerCredentials } from '../log/redact.js';
import { createRegistryClient } from '../registry/index.js';
import type { RegistryHostSettings } from '../registry/types.js';

/** Wires the real adapters from a validated config. Secrets are resolved (and registered for redaction) here. */
export function createDeps(config: Config, log: Logger): CycleDeps {
  const hosts = new Map<string, RegistryHostSettings>();
  for (const r of config.registries) {
    const credentials = r.credentials ? resolveCredentials(r.credentials, '') : undefined;
    hosts.set(r.host, { insecure: r.insecure, credentials: credentials as RegistryHostSettings['credentials'] });
  }
  const registry = createRegistryClient({ settingsFor: (host) => hosts.get(host) ?? {} });
  const repo = config.repo;
  const gitAuth: GitAuth | undefined = repo?.credentials ? resolveCredentials(repo.credentials, 'x-access-token') : undefined;
  return {
    registry,
    log,
    openWorkspace: async () => {
      if (!repo) throw new Error('no repository: set repo.url in the config or pass --repo');
      const base = config.workdir ?? tmpdir();
      await mkdir(base, { recursive: true });
      const dir = await mkdtemp(join(base, 'imagebump-'));
      return cloneWorkspace({ url: repo.url, branch: repo.branch, dir, auth: gitAuth, depth: repo.depth });
    },
  };
}

function resolveCredentials(
  c: NonNullable<Config['repo']>['credentials'] & object,
  defaultUser: string,
): { username: string; password: string } {
  const password = resolveSecret(c.password);
  const username = c.username === undefined ? defaultUser : resolveSecret(c.username);
  registerCredentials(username, password);
  return { username, password };
}
