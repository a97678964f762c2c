import type { ForgeConfig } from '../config/schema/forge.js';
import { resolveSecret } from '../config/secret.js';
import { createGiteaForge } from './gitea.js';
import { createGitHubForge } from './github.js';
import { createGitLabForge } from './gitlab.js';
import type { Forge, ForgeKind, ForgeSettings } from './types.js';

export { ForgeError, type ForgeErrorKind } from './errors.js';
export type { Forge, ForgeKind, PullRequest, PullRequestDraft, ForgeSettings } from './types.js';

const ADAPTERS: Record<ForgeKind, (s: ForgeSettings) => Forge> = {
  github: createGitHubForge,
  gitlab: createGitLabForge,
  gitea: createGiteaForge,
};

/** The adapter for the configured forge; the API base and project are derived from repo.url when not set. */
export function createForge(config: ForgeConfig, repoUrl: string, token: string): Forge {
  const project = config.project ?? projectFromUrl(repoUrl);
  if (!project) throw new Error(`forge.project: cannot derive OWNER/NAME from repo.url ${JSON.stringify(repoUrl)}; set it`);
  const baseUrl = config.url ?? defaultApiBase(config.type, repoUrl);
  if (!baseUrl) throw new Error(`forge.url: set the API base URL of the ${config.type} server`);
  return ADAPTERS[config.type]({ baseUrl, project, token });
}

/** `https://host/owner/name.git`, `git@host:owner/name.git`, `ssh://git@host/group/sub/name` → the path. */
export function projectFromUrl(url: string): string | undefined {
  const scp = /^[^@/\s]+@[^:/\s]+:(.+)$/.exec(url);
  let path: string | undefined = scp?.[1];
  if (!path) {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const cleaned = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return /^[^/\s]+(\/[^/\s]+)+$/.test(cleaned) ? cleaned : undefined;
}

/** The forge from the config (token resolved and registered for redaction), or none without `forge:`. */
export function forgeFromConfig(config: { forge?: ForgeConfig; repo?: { url: string } }): Forge | undefined {
  if (!config.forge) return undefined;
  return createForge(config.forge, config.repo?.url ?? '', resolveSecret(config.forge.token));
}

/** The public services' APIs, or the conventional API path on the repository's own host. */
export function defaultApiBase(kind: ForgeKind, repoUrl: string): string | undefined {
  let host: string;
  try {
    const u = new URL(repoUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return publicBase(kind);
    host = `${u.protocol}//${u.host}`;
  } catch {
    return publicBase(kind);
  }
  if (kind === 'github') return /^https:\/\/github\.com$/i.test(host) ? 'https://api.github.com' : `${host}/api/v3`;
  if (kind === 'gitlab') return `${host}/api/v4`;
  return `${host}/api/v1`;
}

function publicBase(kind: ForgeKind): string | undefined {
  return kind === 'github' ? 'https://api.github.com' : kind === 'gitlab' ? 'https://gitlab.com/api/v4' : undefined;
}
