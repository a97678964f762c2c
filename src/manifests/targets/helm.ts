import { isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import { parseReference } from '../reference.js';
import { eachMap, keysOf } from './maps.js';
import type { NodePath } from './maps.js';
import { autoSlot, slotOf } from './scalar.js';
import type { Slot, Source } from './scalar.js';
import type { Site, SplitSite } from './sites.js';
import type { HelmPaths } from './types.js';
import { formatYamlPath, parseYamlPath, resolveYamlPath, scalarText, valueOf } from './yaml-path.js';

/*
 * The layouts charts use for an image, found by key names (Renovate and Dependabot only know the
 * first one):
 *   image: { registry?, repository, tag?, digest? }      bitnami and most charts
 *   image: ghcr.io/acme/web  +  tag / imageTag: 1.0      name and tag side by side
 *   image: { name: ghcr.io/acme/web, tag: 1.0 }          under a key that says "image"
 *   image / sidecarImage: ghcr.io/acme/web:1.0           a whole reference in one value
 * Nothing is written unless the composed name is the policy's repository, so a key that merely looks
 * like one of these costs a comparison, never a wrong edit.
 */
const TAG_KEYS = ['tag', 'imageTag'] as const;
const DIGEST_KEYS = ['digest', 'imageDigest'] as const;
const REF_KEY = /^(?:image|[a-z][A-Za-z0-9]*Image)$/;

/** Every image layout under `root` (a values file's document, or a HelmRelease's `spec.values`). */
export function detectHelmImages(root: unknown, base: NodePath, src: Source): Site[] {
  const sites: Site[] = [];
  eachMap(root, base, (map, path) => {
    const split = splitLayout(map, path, src);
    if (split) sites.push(split);
    for (const pair of map.items) {
      if (!isScalar(pair.key) || !REF_KEY.test(String(pair.key.value))) continue;
      const slot = autoSlot(pair.value, src);
      if (!slot) continue;
      const ref = parseReference(slot.value);
      if (ref.tag === undefined && ref.digest === undefined) continue;
      sites.push({ kind: 'ref', slot, found: formatYamlPath([...path, String(pair.key.value)]) });
    }
  });
  return sites;
}

function splitLayout(map: YAMLMap, path: NodePath, src: Source): SplitSite | undefined {
  const keys = keysOf(map);
  const tagKey = TAG_KEYS.find((k) => keys.has(k));
  const digestKey = DIGEST_KEYS.find((k) => keys.has(k));
  if (!tagKey && !digestKey) return undefined;
  const named = nameOf(map, keys, path);
  if (!named) return undefined;
  const tag = tagKey ? autoSlot(valueOf(map, tagKey), src) : undefined;
  const digest = digestKey ? autoSlot(valueOf(map, digestKey), src) : undefined;
  if (!tag && !digest) return undefined;
  const used = [...named.keys, ...(tag ? [tagKey!] : []), ...(digest ? [digestKey!] : [])];
  const line = src.lines.linePos(map.range?.[0] ?? 0).line;
  const found = used.map((key) => formatYamlPath([...path, key])).join(' + ');
  return { kind: 'split', name: named.name, ...(tag && { tag }), ...(digest && { digest }), line, found };
}

function nameOf(map: YAMLMap, keys: ReadonlySet<string>, path: NodePath): { name: string; keys: string[] } | undefined {
  const text = (key: string) => (keys.has(key) ? nonEmpty(scalarText(valueOf(map, key))) : undefined);
  const repository = text('repository');
  if (repository !== undefined && !hasTagOrDigest(repository)) {
    const registry = text('registry');
    return registry ? { name: `${registry}/${repository}`, keys: ['registry', 'repository'] } : { name: repository, keys: ['repository'] };
  }
  const image = text('image');
  if (image !== undefined && !hasTagOrDigest(image)) return { name: image, keys: ['image'] };
  const name = text('name');
  const parentKey = path.at(-1);
  if (name !== undefined && typeof parentKey === 'string' && /image/i.test(parentKey) && !hasTagOrDigest(name)) {
    return { name, keys: ['name'] };
  }
  return undefined;
}

/** The site an explicit `helm: {…}` target names in one document, if its paths are there. */
export function explicitHelmSite(root: unknown, paths: HelmPaths, src: Source): Site | undefined {
  const at = (path: string | undefined) => {
    if (path === undefined) return undefined;
    const parsed = parseYamlPath(path);
    return parsed.ok ? resolveYamlPath(root, parsed.segments) : undefined;
  };
  let name: string | undefined;
  if (paths.image !== undefined || paths.repository !== undefined) {
    const text = nonEmpty(scalarText(at(paths.image ?? paths.repository)));
    if (text === undefined) return undefined;
    const registry = nonEmpty(scalarText(at(paths.registry)));
    name = paths.image !== undefined ? parseReference(text).name : registry ? `${registry}/${text}` : text;
  }
  const tagNode = at(paths.tag);
  const digestNode = at(paths.digest);
  const tag = slotOf(tagNode, src);
  const digest = slotOf(digestNode, src);
  const used = (['registry', 'repository', 'image', 'tag', 'digest'] as const).map((k) => paths[k]).filter((p) => p !== undefined);
  const found = used.join(' + ');
  for (const [slot, node, field] of [[tag, tagNode, 'tag'], [digest, digestNode, 'digest']] as const) {
    if (slot?.kind !== 'unsupported') continue;
    return { kind: 'unsupported', ...(name !== undefined && { name }), line: nodeLine(node, src), reason: `helm.${field}: ${slot.reason}`, found };
  }
  const tagSlot = tag as Slot | undefined;
  const digestSlot = digest as Slot | undefined;
  if (!tagSlot && !digestSlot) return undefined;
  const line = (tagSlot ?? digestSlot)!.line;
  return { kind: 'split', name, ...(tagSlot && { tag: tagSlot }), ...(digestSlot && { digest: digestSlot }), line, found };
}

export function nodeLine(node: unknown, src: Source): number {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return src.lines.linePos(range?.[0] ?? 0).line;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

function hasTagOrDigest(value: string): boolean {
  const ref = parseReference(value);
  return ref.tag !== undefined || ref.digest !== undefined;
}
