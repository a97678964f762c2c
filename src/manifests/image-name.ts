/*
 * Image-name normalisation for matching, kept in the pure core (the registry adapter validates names
 * for requests; here we only need to know whether two spellings name one repository). Docker's rules:
 * a first segment with `.` or `:` or equal to `localhost` is a host, otherwise the host is Docker Hub,
 * and a one-segment Docker Hub name lives under `library/`. `index.docker.io` and
 * `registry-1.docker.io` are Docker Hub too.
 */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['index.docker.io', 'registry-1.docker.io']);

/**
 * The canonical `host/path` of an image repository (no tag, no digest): `nginx`,
 * `docker.io/nginx` and `index.docker.io/library/nginx` all give `docker.io/library/nginx`.
 * Hosts compare case-insensitively, paths exactly (they must be lowercase anyway).
 */
export function canonicalRepository(name: string): string {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isHost = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!isHost) return `${DOCKER_HUB}/${name.includes('/') ? name : `library/${name}`}`;
  const host = first.toLowerCase();
  const path = name.slice(slash + 1);
  if (host === DOCKER_HUB || DOCKER_HUB_ALIASES.has(host)) {
    return `${DOCKER_HUB}/${path.includes('/') ? path : `library/${path}`}`;
  }
  return `${host}/${path}`;
}

/** Whether two repository spellings name the same repository. */
export function sameRepository(a: string, b: string): boolean {
  return a === b || canonicalRepository(a) === canonicalRepository(b);
}

/**
 * The bytes every spelling of a repository contains, for screening files: its last path segment
 * (`web` for `ghcr.io/acme/web`). Longer tokens would miss some spellings: Helm charts split names
 * anywhere (`registry: ghcr.io/acme` + `repository: web`), Docker Hub drops `library/`.
 */
export function repositoryPathToken(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
