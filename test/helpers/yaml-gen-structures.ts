import type { GenPolicy, Policies } from './yaml-gen-images.js';
import type { Entry, Item, MapNode, PathKey, Rng, ScalarNode, Style, YNode } from './yaml-gen-model.js';
import { formatPath } from './yaml-gen-model.js';

/*
 * The places images live that `spec.targets` find without markers: container lists, Kustomize
 * `images:`, docker-compose services and Helm values layouts. Each builder returns the entry to insert
 * into a map at `at` and records what the rewrite must write, by the path of each scalar.
 */

export interface Place {
  rng: Rng;
  policies: Policies;
  doc: number;
  /** Path of the map the entry goes into. */
  at: PathKey[];
  anchors: { n: number };
}

const STYLES: Style[] = ['plain', 'plain', 'single', 'double'];

function scalar(rng: Rng, value: string): ScalarNode {
  return { kind: 'scalar', value, style: rng.pick(STYLES) };
}

function map(rng: Rng, entries: Record<string, YNode>): MapNode {
  return { kind: 'map', flow: rng.chance(0.2), entries: Object.entries(entries).map(([key, value]) => ({ key, keyStyle: rng.pick(STYLES), value })) };
}

/** A value the policy's target must rewrite, with the expected result recorded. */
function expectScalar(p: Place, path: PathKey[], from: string, to: string): ScalarNode {
  p.policies.expect(p.doc, [...p.at, ...path], from, to);
  return scalar(p.rng, from);
}

export function otherImages(policy: GenPolicy | undefined): string[] {
  const n = policy?.update.image.replace(/^.*\//, '') ?? 'x';
  return ['busybox:1.36', 'nginx:1.25.3@sha256:' + 'ab'.repeat(32), `ghcr.io/acme/${n}:1.0.0`, `acme/${n}-metrics:2.0`, 'ubuntu'];
}

/** `containers:` (or init/ephemeral) items; an item may alias an earlier item's anchored image. */
export function containerList(p: Place, auto: GenPolicy | undefined, key: string): Entry {
  const { rng } = p;
  const items: Item[] = [];
  let anchor: string | undefined;
  for (let i = 0; i < rng.int(1, 3); i++) {
    let image: YNode;
    if (auto && anchor && rng.chance(0.3)) image = { kind: 'alias', name: anchor };
    else if (auto && rng.chance(0.7)) {
      const ref = p.policies.reference(auto);
      image = expectScalar(p, [key, i, 'image'], ref.from, ref.to);
      if (!anchor && rng.chance(0.3)) anchor = image.anchor = `c${p.anchors.n++}`;
    } else image = scalar(rng, rng.pick(otherImages(auto)));
    const fields: Record<string, YNode> = { name: scalar(rng, `c${i}`), image };
    if (rng.chance(0.3)) fields.ports = { kind: 'seq', flow: true, items: [{ value: scalar(rng, '8080') }] };
    items.push({ value: map(rng, fields) });
  }
  return { key, keyStyle: 'plain', value: { kind: 'seq', flow: rng.chance(0.2), items } };
}

/** Kustomize `images:` entries, matched by `newName` or `name`. */
export function kustomizeImages(p: Place, auto: GenPolicy | undefined, key: string): Entry {
  const { rng, policies } = p;
  const items: Item[] = [];
  for (let i = 0; i < rng.int(1, 3); i++) {
    if (!auto || rng.chance(0.3)) {
      items.push({ value: map(rng, { name: scalar(rng, 'busybox'), newTag: scalar(rng, '1.36') }) });
      continue;
    }
    const spelling = rng.pick(auto.spellings);
    const fields: Record<string, YNode> = rng.chance(0.3)
      ? { name: scalar(rng, 'placeholder'), newName: scalar(rng, spelling) }
      : { name: scalar(rng, spelling) };
    const pin = policies.maybeDigest(auto);
    if (!pin || rng.chance(0.7)) {
      const tag = policies.oldTag();
      fields.newTag = expectScalar(p, [key, i, 'newTag'], tag, auto.update.tag);
    }
    if (pin) fields.digest = expectScalar(p, [key, i, 'digest'], pin, auto.update.digest!);
    items.push({ value: map(rng, fields) });
  }
  return { key, keyStyle: 'plain', value: { kind: 'seq', flow: rng.chance(0.2), items } };
}

/** docker-compose `services:`. */
export function composeServices(p: Place, auto: GenPolicy | undefined): Entry {
  const { rng } = p;
  const services: Record<string, YNode> = {};
  for (let i = 0; i < rng.int(1, 3); i++) {
    const name = `svc${i}`;
    let image: YNode;
    if (auto && rng.chance(0.7)) {
      const ref = p.policies.reference(auto);
      image = expectScalar(p, ['services', name, 'image'], ref.from, ref.to);
    } else image = scalar(rng, rng.pick(otherImages(auto)));
    services[name] = map(rng, { image, restart: scalar(rng, 'always') });
  }
  return { key: 'services', keyStyle: 'plain', value: map(rng, services) };
}

/** One of the Helm values layouts `helm: auto` knows, for the policy's image. */
export function helmLayout(p: Place, helm: GenPolicy, base: string): Entry {
  const { rng, policies } = p;
  const image = rng.pick(helm.spellings);
  const variant = rng.int(0, 3);
  // `{name, tag}` counts as an image only under a key that says so.
  const key = variant === 2 ? `${base}Image` : base;
  const fields: Record<string, YNode> = {};
  const tagKey = rng.pick(['tag', 'imageTag']);
  const withTag = (pin: string | undefined) => {
    if (!pin || rng.chance(0.7)) fields[tagKey] = expectScalar(p, [key, tagKey], policies.oldTag(), helm.update.tag);
    if (pin) fields.digest = expectScalar(p, [key, 'digest'], pin, helm.update.digest!);
  };
  if (variant === 0) {
    const slash = image.indexOf('/');
    if (rng.chance(0.5)) {
      fields.registry = scalar(rng, image.slice(0, slash));
      fields.repository = scalar(rng, image.slice(slash + 1));
    } else fields.repository = scalar(rng, image);
    withTag(policies.maybeDigest(helm));
  } else if (variant === 1 || variant === 2) {
    fields[variant === 1 ? 'image' : 'name'] = scalar(rng, image);
    withTag(variant === 1 ? policies.maybeDigest(helm) : undefined);
  } else {
    const refKey = rng.pick(['image', 'sidecarImage']);
    const ref = policies.reference(helm);
    fields[refKey] = expectScalar(p, [key, refKey], ref.from, ref.to);
  }
  if (rng.chance(0.4)) fields.pullPolicy = scalar(rng, 'IfNotPresent');
  return { key, keyStyle: 'plain', value: map(rng, fields) };
}

/** A map the explicit `helm: {…}` paths point into; the target is added to the policy. */
export function explicitHelm(p: Place, policy: GenPolicy, key: string): Entry {
  const { rng, policies } = p;
  const base = [...p.at, key];
  const fields: Record<string, YNode> = {};
  const paths: Record<string, string> = {};
  const name = policy.update.image;
  const variant = rng.int(0, 2);
  if (variant === 0) {
    const slash = name.indexOf('/');
    fields.registry = scalar(rng, name.slice(0, slash));
    fields.repo = scalar(rng, name.slice(slash + 1));
    Object.assign(paths, { registry: formatPath([...base, 'registry']), repository: formatPath([...base, 'repo']) });
  } else if (variant === 1) {
    fields.repository = scalar(rng, name);
    paths.repository = formatPath([...base, 'repository']);
  }
  const tagKey = rng.pick(['tag', 'version']);
  fields[tagKey] = expectScalar(p, [key, tagKey], policies.oldTag(), policy.update.tag);
  paths.tag = formatPath([...base, tagKey]);
  const pin = policies.maybeDigest(policy);
  if (pin) {
    fields.sha = expectScalar(p, [key, 'sha'], pin, policy.update.digest!);
    paths.digest = formatPath([...base, 'sha']);
  }
  policy.targets.push({ policy: policy.update.id, image: name, index: policy.targets.length, spec: { kind: 'helm', files: ['**'], helm: paths } });
  return { key, keyStyle: 'plain', value: map(rng, fields) };
}
