import type { ImageRepo } from '../registry/types.js';

/** An image repository a webhook says was pushed to. The tag, when given, is informative only. */
export interface PushedImage {
  /** Registry host as users write it in image references (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  host: string;
  repository: string;
  tag?: string;
  /** Every repository at or below this path (a GitLab project's images). */
  prefix?: boolean;
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

/** Lowercase, default ports dropped, Docker Hub's many names folded into `docker.io`. */
export function normaliseHost(host: string): string {
  const h = host.trim().toLowerCase().replace(/:443$/, '');
  return DOCKER_HUB_ALIASES.has(h) ? 'docker.io' : h;
}

/** Whether a push concerns a policy's repository. Hosts and paths compare case-insensitively. */
export function matchesRepo(image: PushedImage, repo: ImageRepo): boolean {
  if (normaliseHost(image.host) !== normaliseHost(repo.registry)) return false;
  const pushed = normaliseRepository(image.host, image.repository);
  const watched = repo.repository.toLowerCase();
  return pushed === watched || (image.prefix === true && watched.startsWith(`${pushed}/`));
}

/** Docker Hub's official images live under `library/`. */
function normaliseRepository(host: string, repository: string): string {
  const r = repository.toLowerCase().replace(/^\/+|\/+$/g, '');
  return normaliseHost(host) === 'docker.io' && !r.includes('/') ? `library/${r}` : r;
}

/**
 * Reads `host/path[:tag][@digest]` as pushers write it (`docker.io` when the first segment is no
 * host). Undefined when it does not look like a reference at all.
 */
export function parsePushedReference(ref: string): PushedImage | undefined {
  const noDigest = ref.trim().split('@')[0] ?? '';
  const slash = noDigest.indexOf('/');
  const first = slash === -1 ? '' : noDigest.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const host = hasHost ? first : 'docker.io';
  const rest = hasHost ? noDigest.slice(slash + 1) : noDigest;
  const colon = rest.lastIndexOf(':');
  const repository = colon === -1 ? rest : rest.slice(0, colon);
  const tag = colon === -1 ? undefined : rest.slice(colon + 1);
  if (!/^[a-z0-9._/-]+$/i.test(repository) || repository.includes('//')) return undefined;
  return tag ? { host, repository, tag } : { host, repository };
}

/** A short, bounded label for logs: `host/repository`. */
export function describeImage(image: PushedImage): string {
  return `${normaliseHost(image.host)}/${image.repository}${image.prefix ? '/*' : ''}`;
}
