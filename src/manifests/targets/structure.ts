import { isMap, isSeq } from 'yaml';
import { detectHelmImages } from './helm.js';
import { eachMap } from './maps.js';
import type { NodePath } from './maps.js';
import { autoSlot } from './scalar.js';
import { slotsOf } from './sites.js';
import type { Site } from './sites.js';
import type { Source } from './scalar.js';
import { formatYamlPath, scalarText, valueOf } from './yaml-path.js';

/*
 * Image references found by the structure of a document, never by a regex over its text:
 * - `image:` of every item of `containers`, `initContainers` and `ephemeralContainers` lists, wherever
 *   they sit: Pods, every workload's pod template, CronJobs' job templates, and any custom resource
 *   that embeds a pod spec (Argo Rollouts, Knative, …) without a list of kinds to keep current;
 * - Kustomize `images:` entries (`name`, `newName`, `newTag`, `digest`), in a kustomization and in a
 *   Flux Kustomization's `spec.images`;
 * - docker-compose `services.*.image`;
 * - a Flux HelmRelease's `spec.values`, read with the Helm layouts (helm.ts).
 */
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

export function detectStructure(src: Source): Site[] {
  const root = src.doc.contents;
  if (!isMap(root)) return [];
  const kind = scalarText(valueOf(root, 'kind'));
  const name = scalarText(valueOf(valueOf(root, 'metadata'), 'name'));
  const label = kind === undefined ? '' : `${kind}${name === undefined ? '' : `/${name}`} `;
  const sites = containerImages(root, label, src);
  if (kind === undefined || kind === 'Kustomization') sites.push(...kustomizeImages(valueOf(root, 'images'), ['images'], label, src));
  if (kind === 'Kustomization') sites.push(...kustomizeImages(valueOf(valueOf(root, 'spec'), 'images'), ['spec', 'images'], label, src));
  if (kind === undefined) sites.push(...composeImages(valueOf(root, 'services'), src));
  if (kind === 'HelmRelease') {
    const values = valueOf(valueOf(root, 'spec'), 'values');
    sites.push(...detectHelmImages(values, ['spec', 'values'], src).map((site) => ({ ...site, found: `${label}${site.found}` })));
  }
  return distinctSites(sites);
}

function containerImages(root: unknown, label: string, src: Source): Site[] {
  const sites: Site[] = [];
  eachMap(root, [], (map, path) => {
    for (const list of CONTAINER_LISTS) {
      const seq = valueOf(map, list);
      if (!isSeq(seq)) continue;
      seq.items.forEach((item, i) => {
        const slot = autoSlot(valueOf(item, 'image'), src);
        if (!slot) return;
        const found = `${label}${formatYamlPath([...path, list])}${itemSelector(item, i)}.image`;
        sites.push({ kind: 'ref', slot, found });
      });
    }
  });
  return sites;
}

/** `[name=web]` when the item has a name (readable, and valid in a `path:` target), else `[2]`. */
function itemSelector(item: unknown, index: number): string {
  const name = scalarText(valueOf(item, 'name'));
  return name !== undefined && /^[^\]=]+$/.test(name) ? `[name=${name}]` : `[${index}]`;
}

function kustomizeImages(seq: unknown, path: NodePath, label: string, src: Source): Site[] {
  if (!isSeq(seq)) return [];
  const sites: Site[] = [];
  seq.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const name = scalarText(valueOf(item, 'newName')) ?? scalarText(valueOf(item, 'name'));
    const tag = autoSlot(valueOf(item, 'newTag'), src);
    const digest = autoSlot(valueOf(item, 'digest'), src);
    if (name === undefined || (!tag && !digest)) return;
    const fields = [...(tag ? ['newTag'] : []), ...(digest ? ['digest'] : [])].join(' + ');
    const found = `${label}${formatYamlPath(path)}${itemSelector(item, i)} ${fields}`;
    const line = src.lines.linePos(item.range?.[0] ?? 0).line;
    sites.push({ kind: 'split', name, ...(tag && { tag }), ...(digest && { digest }), line, found });
  });
  return sites;
}

function composeImages(services: unknown, src: Source): Site[] {
  if (!isMap(services)) return [];
  const sites: Site[] = [];
  for (const pair of services.items) {
    const slot = autoSlot(valueOf(pair.value, 'image'), src);
    if (slot) sites.push({ kind: 'ref', slot, found: formatYamlPath(['services', String(scalarText(pair.key) ?? ''), 'image']) });
  }
  return sites;
}

/** One site per scalar: a HelmRelease's values may hold containers that two rules find. */
function distinctSites(sites: readonly Site[]): Site[] {
  const seen = new Set<number>();
  return sites.filter((site) => {
    const starts = slotsOf(site).map((slot) => slot.start);
    if (starts.some((start) => seen.has(start))) return false;
    starts.forEach((start) => seen.add(start));
    return true;
  });
}
