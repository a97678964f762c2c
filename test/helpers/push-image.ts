import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';

export type PushAuth = { username: string; password: string } | { bearer: string };

export interface PushOptions {
  /** The image config's `created`, default 2024-01-01T00:00:00Z. */
  created?: string;
  /** One arch pushes an image manifest; two or more push each child by digest, then an index. `arm/v7` sets a variant. */
  archs?: string[];
  format?: 'oci' | 'docker';
  auth?: PushAuth;
  /** Manifest (and index) annotations; OCI only, Docker manifests have none. */
  annotations?: Record<string, string>;
  /** Image config labels. */
  labels?: Record<string, string>;
  /** CA for an HTTPS registry. */
  ca?: string;
}

const MEDIA = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/**
 * Pushes a tiny image through the Distribution API (what `docker push` does, minus Docker) and
 * returns the digest of what the tag points at. The layer depends only on the arch, so pushing many
 * tags uploads it once; each tag costs a config blob and a manifest.
 */
export async function pushImage(url: string, repo: string, tag: string, options: PushOptions = {}): Promise<string> {
  const media = MEDIA[options.format ?? 'oci'];
  const archs = options.archs ?? ['amd64'];
  const base = { url, repo, auth: options.auth, ca: options.ca };
  const children: Descriptor[] = [];
  for (const arch of archs) {
    const manifest = await imageManifest(base, tag, arch, options);
    if (archs.length === 1) return putManifest(base, tag, manifest);
    await putManifest(base, digestOf(manifest.bytes), manifest);
    children.push({ mediaType: media.manifest, digest: digestOf(manifest.bytes), size: manifest.bytes.length });
  }
  const index = {
    schemaVersion: 2,
    mediaType: media.index,
    manifests: children.map((child, i) => ({ ...child, platform: { ...archParts(archs[i]!), os: 'linux' } })),
    ...annotationsFor(options),
  };
  return putManifest(base, tag, { mediaType: media.index, bytes: Buffer.from(JSON.stringify(index)) });
}

/**
 * Points more tags at an existing manifest: one GET, then the same bytes PUT under each tag. The cheap
 * way to fill a repository with thousands of tags.
 */
export async function tagManifest(url: string, repo: string, reference: string, tags: string[],
  options: { auth?: PushAuth; ca?: string; concurrency?: number } = {}): Promise<void> {
  const base = { url, repo, auth: options.auth, ca: options.ca };
  const accept = [...Object.values(MEDIA.oci), ...Object.values(MEDIA.docker)].join(', ');
  const got = await call('GET', `${url}/v2/${repo}/manifests/${reference}`, { ...base, headers: { accept } });
  expectStatus(got.status, 200, `GET manifest ${reference}`, got.body);
  const manifest = { mediaType: got.headers['content-type'] ?? MEDIA.oci.manifest, bytes: got.body };
  const queue = [...tags];
  const worker = async (): Promise<void> => {
    for (let tag = queue.shift(); tag !== undefined; tag = queue.shift()) await putManifest(base, tag, manifest);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
}

interface Target extends CallOptions {
  url: string;
  repo: string;
}

interface Manifest {
  mediaType: string;
  bytes: Buffer;
}

async function imageManifest(target: Target, tag: string, arch: string, options: PushOptions): Promise<Manifest> {
  const media = MEDIA[options.format ?? 'oci'];
  const tar = ustar('etc/image-arch', `arch=${arch}\n`);
  const layer = await uploadBlob(target, gzipSync(tar), media.layer);
  const created = options.created ?? '2024-01-01T00:00:00Z';
  const config = {
    created, ...archParts(arch), os: 'linux',
    config: { Labels: { 'org.opencontainers.image.version': tag, ...options.labels } },
    rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
    history: [{ created, created_by: 'imagebump test push' }],
  };
  const configDesc = await uploadBlob(target, Buffer.from(JSON.stringify(config)), media.config);
  const manifest = { schemaVersion: 2, mediaType: media.manifest, config: configDesc, layers: [layer], ...annotationsFor(options) };
  return { mediaType: media.manifest, bytes: Buffer.from(JSON.stringify(manifest)) };
}

/** `arm64/v8` → architecture arm64, variant v8; a plain `amd64` has no variant. */
function archParts(arch: string): { architecture: string; variant?: string } {
  const [architecture = arch, variant] = arch.split('/');
  return variant === undefined ? { architecture } : { architecture, variant };
}

function annotationsFor(options: PushOptions): { annotations?: Record<string, string> } {
  return options.annotations && options.format !== 'docker' ? { annotations: options.annotations } : {};
}

async function uploadBlob(target: Target, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = digestOf(bytes);
  const blobUrl = `${target.url}/v2/${target.repo}/blobs/${digest}`;
  if ((await call('HEAD', blobUrl, target)).status !== 200) {
    const started = await call('POST', `${target.url}/v2/${target.repo}/blobs/uploads/`, target);
    expectStatus(started.status, 202, 'POST upload', started.body);
    const location = new URL(started.headers.location ?? '', target.url);
    location.searchParams.set('digest', digest);
    const put = await call('PUT', location.href, { ...target, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expectStatus(put.status, 201, `PUT blob ${digest}`, put.body);
  }
  return { mediaType, digest, size: bytes.length };
}

async function putManifest(target: Target, reference: string, manifest: Manifest): Promise<string> {
  const res = await call('PUT', `${target.url}/v2/${target.repo}/manifests/${reference}`,
    { ...target, body: manifest.bytes, headers: { 'content-type': manifest.mediaType } });
  expectStatus(res.status, 201, `PUT manifest ${reference}`, res.body);
  const digest = digestOf(manifest.bytes);
  if (res.headers['docker-content-digest'] !== digest) throw new Error(`registry stored ${reference} as ${res.headers['docker-content-digest']}, expected ${digest}`);
  return digest;
}

function expectStatus(status: number, expected: number, what: string, body: Buffer): void {
  if (status !== expected) throw new Error(`${what}: HTTP ${status} ${body.toString('utf8').slice(0, 300)}`);
}

export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A one-file tar archive (ustar), deterministic: mtime 0, root owner. */
function ustar(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string): void => void header.write(value, offset, length, 'ascii');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${data.length.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(156, 1, '0');
  field(257, 8, 'ustar\u000000');
  header.fill(' ', 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding, Buffer.alloc(1024)]);
}

interface CallOptions {
  auth?: PushAuth;
  ca?: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

interface CallResult {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgents = new Map<string, https.Agent>();

/** One HTTP exchange over pooled connections (thousands of tag PUTs would exhaust ports otherwise). */
function call(method: string, url: string, options: CallOptions): Promise<CallResult> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers, 'content-length': String(options.body?.length ?? 0) };
  if (options.auth) headers.authorization = 'bearer' in options.auth ? `Bearer ${options.auth.bearer}`
    : `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  const secure = target.protocol === 'https:';
  const agent = secure ? httpsAgentFor(options.ca) : httpAgent;
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(target, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function httpsAgentFor(ca: string | undefined): https.Agent {
  const key = ca ?? '';
  let agent = httpsAgents.get(key);
  if (agent === undefined) {
    agent = new https.Agent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) });
    httpsAgents.set(key, agent);
  }
  return agent;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
