import type { PolicyTarget, PolicyUpdate, RefPart } from '../../src/manifests/index.js';
import type { PathKey, Rng } from './yaml-gen-model.js';

/*
 * The policies of one generated file and the values they hold and write. Each kind of policy has
 * its own images, so a value is found by exactly one rule and the expected result is unambiguous.
 */

/** Valid OCI tags, many of which YAML 1.1 or 1.2 would read as something else when written plain. */
export const OLD_TAGS = ['1.0.0', '1.2.3', 'v2.0.0-rc.1', '20240315', '1.10', '0755', 'yes', 'main-3f2c1a9-1718000000', 'latest', '2024-03-15', '1e3', '1_000', 'on'];
export const NEW_TAGS = [...OLD_TAGS, 'null', 'True', '0x1F', '10', 'Y', '2.0.0', 'NO'];

export type PolicyKind = 'marker' | 'auto' | 'helm-auto' | 'helm-paths' | 'path';

export interface GenPolicy {
  kind: PolicyKind;
  update: PolicyUpdate;
  /** How files may spell the image: all name the same repository. */
  spellings: string[];
  targets: PolicyTarget[];
}

/** A value the rewrite must leave as `to` (`from` when nothing is due). */
export interface ExpectedValue {
  doc: number;
  path: PathKey[];
  from: string;
  to: string;
}

function digest(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += Math.floor(rng.next() * 0x100000000).toString(16).padStart(8, '0');
  return `sha256:${hex}`;
}

export class Policies {
  readonly all: GenPolicy[] = [];
  readonly expected: ExpectedValue[] = [];
  private readonly digests: string[];

  constructor(private readonly rng: Rng) {
    this.digests = [digest(rng), digest(rng), digest(rng)];
  }

  add(kind: PolicyKind, image: string, spellings: string[]): GenPolicy {
    const rng = this.rng;
    const n = this.all.length;
    const namespace = rng.pick(['apps', 'default', 'team-a']);
    const update: PolicyUpdate = { id: `${namespace}:p${n}`, image, tag: rng.pick(NEW_TAGS) };
    if (rng.chance(0.4)) update.digest = rng.pick(this.digests);
    const policy: GenPolicy = { kind, update, spellings, targets: [] };
    this.all.push(policy);
    return policy;
  }

  oldTag(): string {
    return this.rng.pick(OLD_TAGS);
  }

  oldDigest(): string {
    return this.rng.pick(this.digests);
  }

  /** The digest a value pinned by `policy` holds before the rewrite, or none when it tracks none. */
  maybeDigest(policy: GenPolicy): string | undefined {
    return policy.update.digest !== undefined && this.rng.chance(0.5) ? this.oldDigest() : undefined;
  }

  expect(doc: number, path: PathKey[], from: string, to: string): void {
    this.expected.push({ doc, path, from, to });
  }

  /** What a marker or path target writing `part` holds before, and must hold after. */
  partValues(policy: GenPolicy, part: RefPart): { from: string; to: string } {
    const { update } = policy;
    const rng = this.rng;
    switch (part) {
      case 'tag':
        return { from: this.oldTag(), to: update.tag };
      case 'name':
        return { from: rng.pick([update.image, ...policy.spellings, 'registry.local:5000/old/name']), to: update.image };
      case 'digest':
        return { from: this.oldDigest(), to: update.digest! };
      case 'whole': {
        const pin = this.maybeDigest(policy);
        const from = `${rng.pick([update.image, ...policy.spellings])}:${this.oldTag()}${pin ? `@${pin}` : ''}`;
        return { from, to: `${update.image}:${update.tag}${update.digest ? `@${update.digest}` : ''}` };
      }
    }
  }

  /** A reference to the policy's image as auto-detection finds it, and what the rewrite makes of it. */
  reference(policy: GenPolicy): { from: string; to: string } {
    const { update } = policy;
    const name = this.rng.pick(policy.spellings);
    const pin = this.maybeDigest(policy);
    if (pin && this.rng.chance(0.3)) return { from: `${name}@${pin}`, to: `${name}@${update.digest}` };
    const tag = this.oldTag();
    return { from: `${name}:${tag}${pin ? `@${pin}` : ''}`, to: `${name}:${update.tag}${pin ? `@${update.digest}` : ''}` };
  }

  parts(policy: GenPolicy): RefPart[] {
    return policy.update.digest === undefined ? ['whole', 'tag', 'name'] : ['whole', 'tag', 'name', 'digest'];
  }

  /** The marker comment naming `policy` (and `part`), in one of the spellings Flux accepts. */
  marker(policy: GenPolicy, part: RefPart): string {
    const rng = this.rng;
    const [namespace, name] = policy.update.id.split(':') as [string, string];
    const id = namespace === 'default' && part === 'whole' && rng.chance(0.5) ? name : `${namespace}:${name}`;
    const ref = part === 'whole' ? id : `${namespace}:${name}:${part}`;
    const json = rng.chance(0.5) ? `{"$imagepolicy": "${ref}"}` : `{"$imagepolicy":"${ref}"}`;
    return `${rng.pick([' ', '  ', '\t', ' \t'])}#${rng.pick([' ', '', '  '])}${json}`;
  }
}
