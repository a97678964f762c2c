import type { ImageConfig } from '../registry/image-config.js';
import type { IndexEntry, ManifestDoc } from '../registry/manifest-schema.js';
import { samePlatform, type Platform } from '../registry/platform.js';
import { RegistryError, type ImageRepo, type ManifestHead, type Registry } from '../registry/types.js';

/** What a policy needs to know about a tag beyond its existence. */
export interface Wants {
  /** The platforms the tag offers (`spec.platforms`). */
  platforms?: boolean;
  /** The build date (`newest`). */
  created?: boolean;
  /** Source and revision annotations even if nothing else fetches a manifest (`spec.sourceAnnotations`). */
  annotations?: boolean;
  /** Whose config dates a multi-platform image: the first of these it offers, else linux/amd64. */
  prefer?: readonly Platform[];
}

export interface TagFacts {
  /** What the tag points at: for a multi-platform image the index, never one platform's manifest. */
  digest: string;
  /** Offered platforms, when asked. */
  platforms?: Platform[];
  /** Build time in ms since the epoch, when asked and stated. */
  created?: number;
  source?: string;
  revision?: string;
}

const SOURCE = 'org.opencontainers.image.source';
const REVISION = 'org.opencontainers.image.revision';
const CREATED = 'org.opencontainers.image.created';
const AMD64: Platform = { os: 'linux', architecture: 'amd64' };

/**
 * Reads facts about tags for one scan. A tag's digest is asked with a HEAD once per scan (tags move,
 * so it is not kept longer; HEADs do not count against Docker Hub's pull limit); what the digest names
 * comes from the client's cache of immutable content, so a daemon fetches each manifest and config once.
 */
export class ImageFacts {
  private readonly heads = new Map<string, Promise<ManifestHead>>();

  constructor(private readonly registry: Registry) {}

  head(repo: ImageRepo, tag: string): Promise<ManifestHead> {
    const key = `${repo.registry}/${repo.repository}:${tag}`;
    let head = this.heads.get(key);
    if (head === undefined) {
      head = this.registry.headManifest(repo, tag);
      this.heads.set(key, head);
    }
    return head;
  }

  async inspect(repo: ImageRepo, tag: string, wants: Wants): Promise<TagFacts> {
    const { digest } = await this.head(repo, tag);
    const facts: TagFacts = { digest };
    if (!wants.platforms && !wants.created && !wants.annotations) return facts;
    try {
      return await this.deeper(repo, facts, wants);
    } catch (err) {
      if (err instanceof RegistryError && err.kind === 'not-found') throw new IncompleteImage(tag, err.message);
      throw err;
    }
  }

  private async deeper(repo: ImageRepo, facts: TagFacts, wants: Wants): Promise<TagFacts> {
    const digest = facts.digest;
    const top = await this.manifest(repo, digest);
    const image = top.kind === 'index' ? await this.child(repo, top, wants) : top;
    const config = image !== undefined && needsConfig(top, image, wants) ? await this.config(repo, image.config.digest) : undefined;
    if (wants.platforms) facts.platforms = offered(top, config);
    if (wants.created) setCreated(facts, config?.created ?? image?.annotations[CREATED] ?? top.annotations[CREATED]);
    const notes = [top.annotations, image?.annotations ?? {}, config?.labels ?? {}];
    const source = notes.map((n) => n[SOURCE]).find(usable);
    const revision = notes.map((n) => n[REVISION]).find(usable);
    if (source !== undefined) facts.source = source;
    if (revision !== undefined) facts.revision = revision;
    return facts;
  }

  private manifest(repo: ImageRepo, digest: string): Promise<ManifestDoc> {
    if (!this.registry.getManifest) throw unsupported(repo);
    return this.registry.getManifest(repo, digest);
  }

  private config(repo: ImageRepo, digest: string): Promise<ImageConfig> {
    if (!this.registry.getImageConfig) throw unsupported(repo);
    return this.registry.getImageConfig(repo, digest);
  }

  /** One platform's manifest of an index, fetched only when its config or annotations are wanted. */
  private async child(repo: ImageRepo, index: Extract<ManifestDoc, { kind: 'index' }>, wants: Wants) {
    const wantsChild = wants.created || (wants.annotations && !(SOURCE in index.annotations && REVISION in index.annotations));
    if (!wantsChild) return undefined;
    const entry = pickEntry(index.manifests, wants.prefer ?? []);
    if (entry === undefined) return undefined;
    const doc = await this.manifest(repo, entry.digest);
    return doc.kind === 'image' ? doc : undefined;
  }
}

/** The tag exists, but a manifest or config it refers to does not: nobody can pull it. */
export class IncompleteImage extends Error {
  constructor(
    readonly tag: string,
    detail: string,
  ) {
    super(`tag "${tag}" refers to content the registry does not have (${detail})`);
    this.name = 'IncompleteImage';
  }
}

function unsupported(repo: ImageRepo): RegistryError {
  return new RegistryError('protocol', repo.registry, `registry ${repo.registry}: this registry adapter cannot read manifests`);
}

type ImageDoc = Extract<ManifestDoc, { kind: 'image' }>;

/** Configs are fetched for dates, a single image's platform, or labels the manifests lack when asked for. */
function needsConfig(top: ManifestDoc, image: ImageDoc, wants: Wants): boolean {
  if (wants.created) return true;
  if (wants.platforms && top.kind === 'image') return true;
  if (!wants.annotations) return false;
  const known = { ...top.annotations, ...image.annotations };
  return !(SOURCE in known && REVISION in known);
}

function offered(top: ManifestDoc, config: ImageConfig | undefined): Platform[] {
  if (top.kind === 'index') return top.manifests.flatMap((m) => (m.platform ? [m.platform] : []));
  return config?.platform ? [config.platform] : [];
}

function pickEntry(entries: readonly IndexEntry[], prefer: readonly Platform[]): IndexEntry | undefined {
  for (const wanted of [...prefer, AMD64]) {
    const match = entries.find((e) => e.platform !== undefined && samePlatform(e.platform, wanted));
    if (match) return match;
  }
  return entries.find((e) => e.platform !== undefined) ?? entries[0];
}

/**
 * Annotations are whatever the image's builder wrote; they travel on into pull requests and reports,
 * so only short single-line values are taken.
 */
function usable(value: string | undefined): value is string {
  // eslint-disable-next-line no-control-regex
  return value !== undefined && value.trim() !== '' && value.length <= 512 && !/[\u0000-\u001f\u007f]/.test(value);
}

function setCreated(facts: TagFacts, created: string | undefined): void {
  const ms = created === undefined ? Number.NaN : Date.parse(created);
  if (Number.isFinite(ms)) facts.created = ms;
}
