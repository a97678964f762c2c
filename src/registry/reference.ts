import type { ImageRepo } from './types.js';

// The distribution reference grammar (distribution/reference/regexp.go), anchored.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;

const REPOSITORY_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const NAME_MAX = 255;

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_LEGACY = 'index.docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

/** A value that is not a valid image repository; the message names the value and what is wrong. */
export class InvalidReferenceError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`invalid image repository ${JSON.stringify(value)}: ${reason}`);
    this.name = 'InvalidReferenceError';
  }
}

/**
 * Parses an image repository the way Docker normalises it: `nginx` and `docker.io/nginx` are
 * `docker.io` + `library/nginx`; a first segment with `.` or `:` or equal to `localhost` is a host.
 * Tags and digests are refused: a policy names a repository, the tag is what gets selected.
 */
export function parseImageRepo(image: string): ImageRepo {
  if (image === '') throw new InvalidReferenceError(image, 'it is empty');
  if (image.includes('@')) throw new InvalidReferenceError(image, 'remove the digest (@...)');
  const { registry, remainder } = splitDomain(image);
  if (!DOMAIN_RE.test(registry)) throw new InvalidReferenceError(image, `${JSON.stringify(registry)} is not a valid registry host`);
  if (remainder.includes(':')) throw new InvalidReferenceError(image, 'remove the tag (:...)');
  if (!REPOSITORY_RE.test(remainder)) throw new InvalidReferenceError(image, repositoryProblem(remainder));
  const repository = registry === DOCKER_HUB && !remainder.includes('/') ? `library/${remainder}` : remainder;
  if (registry.length + 1 + repository.length > NAME_MAX) {
    throw new InvalidReferenceError(image, `the name is longer than ${NAME_MAX} characters`);
  }
  if (/^[a-f0-9]{64}$/.test(remainder)) throw new InvalidReferenceError(image, 'a 64-character hex string is an image ID, not a name');
  return { registry, repository };
}

function splitDomain(image: string): { registry: string; remainder: string } {
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const isHost = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!isHost) return { registry: DOCKER_HUB, remainder: image };
  const registry = first === DOCKER_HUB_LEGACY ? DOCKER_HUB : first;
  return { registry, remainder: image.slice(slash + 1) };
}

function repositoryProblem(remainder: string): string {
  if (remainder === '') return 'the repository path is empty';
  if (remainder !== remainder.toLowerCase()) return 'repository names must be lowercase';
  if (remainder.split('/').some((part) => part === '')) return 'the path has an empty segment (//, or a leading or trailing /)';
  return 'path segments may only hold a-z, 0-9 and single separators (., _, __, -) between them';
}

/** The host that serves the Distribution API for a registry name (Docker Hub's differs from its name). */
export function apiBase(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** Whether a repository path (no host) matches the reference grammar. */
export function isValidRepository(repository: string): boolean {
  return repository.length <= NAME_MAX && REPOSITORY_RE.test(repository);
}

/** Whether a string is a valid tag: what the registry may list and we may write into YAML. */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** Whether a string is a content digest (`algorithm:encoded`). */
export function isValidDigest(digest: string): boolean {
  return DIGEST_RE.test(digest);
}
