import type { PolicyTarget } from '../manifests/targets/types.js';
import type { TagRules } from '../policy/types.js';
import type { Platform } from '../registry/platform.js';
import type { ImageRepo } from '../registry/types.js';
import type { ConfigDocument } from './schema.js';

/** Where a value was declared, for `FILE:LINE: message` reports. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** Namespace of a policy that declares none; markers may name it as `default:NAME` or just `NAME`. */
export const DEFAULT_NAMESPACE = 'default';

export interface Policy {
  /** `namespace:name`, the name markers use. */
  id: string;
  name: string;
  namespace: string;
  /** The image repository exactly as the policy spells it. */
  image: string;
  repo: ImageRepo;
  rules: TagRules;
  /** `spec.digestReflectionPolicy`; absent means Never (no digest is tracked). */
  digestReflection?: 'IfNotPresent' | 'Always';
  /** `spec.platforms`, normalised: the selected tag must offer every one. */
  platforms?: Platform[];
  /** `spec.sourceAnnotations`: read the selected image's source and revision annotations. */
  sourceAnnotations?: boolean;
  source: SourceLocation;
  /** `spec.targets`: where the image lives without markers. */
  targets?: PolicyTarget[];
  /** A Flux object with `spec.suspend: true`: declared (its markers are known) but never scanned or written. */
  suspended?: boolean;
  /** How this policy's changes are written (`spec.update`); the config decides when absent. */
  update?: { write?: 'commit' | 'pull-request'; group?: string };
}

/** A problem with configuration or policies, located in its file. */
export interface ConfigProblem extends SourceLocation {
  message: string;
  /** Absent means error; a warning (e.g. a Flux field imagebump does not read) does not fail `check`. */
  severity?: 'error' | 'warning';
}

export type Config = ConfigDocument & { source?: string };
