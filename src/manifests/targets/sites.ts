import type { Unsupported } from '../locate.js';
import type { RefPart } from '../types.js';
import type { Slot } from './scalar.js';

/** A whole image reference in one scalar (`image: ghcr.io/acme/web:1.0`): its name decides the match. */
export interface RefSite {
  kind: 'ref';
  slot: Slot;
  found: string;
}

/** An image split over scalars (Kustomize `images:`, Helm values): the name is composed from its parts. */
export interface SplitSite {
  kind: 'split';
  /** The composed repository name; undefined when the target declares no name to check (path-only Helm). */
  name: string | undefined;
  tag?: Slot;
  digest?: Slot;
  line: number;
  found: string;
}

/** One scalar named by an explicit `path:` target: written exactly as a marker with `part` would be. */
export interface PathSite {
  kind: 'path';
  slot: Slot;
  part: RefPart;
  found: string;
}

/** An explicit path that leads to something no rewrite can touch: reported, not guessed at. */
export interface UnsupportedSite {
  kind: 'unsupported';
  /** For a Helm layout: the name its paths hold, so a layout of another image is not reported. */
  name?: string;
  line: number;
  reason: Unsupported['reason'];
  found: string;
}

export type Site = RefSite | SplitSite | PathSite | UnsupportedSite;

export function slotsOf(site: Site): Slot[] {
  switch (site.kind) {
    case 'ref':
    case 'path':
      return [site.slot];
    case 'split':
      return [site.tag, site.digest].filter((slot): slot is Slot => slot !== undefined);
    case 'unsupported':
      return [];
  }
}

export function lineOf(site: Site): number {
  return site.kind === 'split' || site.kind === 'unsupported' ? site.line : site.slot.line;
}
