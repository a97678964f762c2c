import type { TagRules } from '../policy/types.js';
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
  source: SourceLocation;
}

/** A problem with configuration or policies, located in its file. */
export interface ConfigProblem extends SourceLocation {
  message: string;
}

export type Config = ConfigDocument & { source?: string };
