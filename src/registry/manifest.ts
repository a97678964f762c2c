import { createHash } from 'node:crypto';
import { errorFromResponse, protocolError, type ErrorContext } from './errors.js';
import { isValidDigest, isValidTag } from './reference.js';
import type { HttpResponse, RepoSender } from './transport.js';
import { decodeManifest, type ManifestDoc } from './manifest-schema.js';
import { RegistryError, type ImageRepo, type ManifestHead } from './types.js';

/**
 * Every manifest type we understand, always all four: without them registry 2.8 answers 404 for OCI
 * content or converts Docker images to schema1, whose digest differs from the one pushed.
 */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');

/**
 * The digest and media type of a tag or digest. One HEAD (which Docker Hub does not count against pull
 * limits); a GET and a sha256 of the body only when the registry omits `Docker-Content-Digest`.
 */
export async function headManifest(send: RepoSender, repo: ImageRepo, reference: string): Promise<ManifestHead> {
  const ctx: ErrorContext = { host: repo.registry, repository: repo.repository };
  if (!isValidTag(reference) && !isValidDigest(reference)) {
    throw new RegistryError('not-found', repo.registry, `registry ${repo.registry}, repository ${repo.repository}: ${JSON.stringify(reference)} is neither a tag nor a digest`);
  }
  const path = `/v2/${repo.repository}/manifests/${reference}`;
  const head = await send(repo, { method: 'HEAD', path, headers: { accept: ACCEPT } });
  if (head.status !== 200) throw errorFromResponse(ctx, head.status, head.headers, head.body);
  const digest = head.headers['docker-content-digest']?.trim();
  const mediaType = mediaTypeOf(head);
  if (digest !== undefined && isValidDigest(digest) && mediaType !== undefined) return { digest, mediaType };
  const get = await send(repo, { method: 'GET', path, headers: { accept: ACCEPT } });
  if (get.status !== 200) throw errorFromResponse(ctx, get.status, get.headers, get.body);
  return fromBody(ctx, get);
}

/**
 * The manifest a digest names, decoded. Fetched only by digest, so the answer can be checked against
 * the name and cached for good by the caller; a body that does not hash to its digest is refused.
 */
export async function getManifest(send: RepoSender, repo: ImageRepo, digest: string): Promise<ManifestDoc> {
  const ctx: ErrorContext = { host: repo.registry, repository: repo.repository };
  const body = await getByDigest(send, repo, `/v2/${repo.repository}/manifests/${digest}`, digest, ACCEPT);
  const decoded = decodeManifest(body.bytes, digest, mediaTypeOf(body.response));
  if (!decoded.ok) throw protocolError(ctx, `manifest ${digest}: ${decoded.problem}`, 200);
  return decoded.value;
}

/** GETs content addressed by `digest` and verifies it; shared by manifests and config blobs. */
export async function getByDigest(send: RepoSender, repo: ImageRepo, path: string, digest: string, accept: string):
Promise<{ bytes: Buffer; response: HttpResponse }> {
  const ctx: ErrorContext = { host: repo.registry, repository: repo.repository };
  if (!isValidDigest(digest)) throw protocolError(ctx, `${JSON.stringify(digest)} is not a digest`);
  const response = await send(repo, { method: 'GET', path, headers: { accept } });
  if (response.status !== 200) throw errorFromResponse(ctx, response.status, response.headers, response.body);
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (algorithm !== 'sha256' && algorithm !== 'sha512') throw protocolError(ctx, `digest algorithm ${algorithm} is not supported`);
  const actual = `${algorithm}:${createHash(algorithm).update(response.body).digest('hex')}`;
  if (actual !== digest) throw protocolError(ctx, `content fetched as ${digest} hashes to ${actual}`, 200);
  return { bytes: response.body, response };
}

function fromBody(ctx: ErrorContext, response: HttpResponse): ManifestHead {
  const digest = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
  const mediaType = mediaTypeOf(response) ?? mediaTypeInBody(response.body);
  if (mediaType === undefined) throw protocolError(ctx, 'manifest has no media type (no Content-Type, no mediaType field)', 200);
  return { digest, mediaType };
}

/** The Content-Type without parameters; plain JSON says nothing about the manifest kind. */
function mediaTypeOf(response: HttpResponse): string | undefined {
  const type = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === '' || type === 'application/json' || type === 'text/plain' ? undefined : type;
}

function mediaTypeInBody(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const mediaType = (parsed as { mediaType?: unknown }).mediaType;
    return typeof mediaType === 'string' && mediaType !== '' ? mediaType : undefined;
  } catch {
    return undefined;
  }
}
