import { parsePlatform, samePlatform, type Platform } from '../registry/platform.js';
import type { YamlPath } from './locate.js';
import type { PolicyDocument } from './schema.js';
import type { Policy } from './types.js';

type Fail = (path: YamlPath, message: string) => void;

/**
 * The per-policy image options beyond tag selection: digest pinning, required platforms and source
 * annotations. Only set fields are returned, so a policy without them looks exactly as before.
 */
export function parseImageOptions(spec: PolicyDocument['spec'], fail: Fail): Pick<Policy, 'digestReflection' | 'platforms' | 'sourceAnnotations'> {
  const out: Pick<Policy, 'digestReflection' | 'platforms' | 'sourceAnnotations'> = {};
  const reflection = spec.digestReflectionPolicy;
  if (reflection === 'IfNotPresent' || reflection === 'Always') out.digestReflection = reflection;
  if (spec.platforms !== undefined) {
    const platforms = parsePlatforms(spec.platforms, fail);
    if (platforms.length > 0) out.platforms = platforms;
  }
  if (spec.sourceAnnotations === true) out.sourceAnnotations = true;
  return out;
}

function parsePlatforms(texts: readonly string[], fail: Fail): Platform[] {
  const platforms: Platform[] = [];
  texts.forEach((text, i) => {
    const parsed = parsePlatform(text);
    if (typeof parsed === 'string') fail(['spec', 'platforms', i], `spec.platforms[${i}]: ${parsed}`);
    else if (!platforms.some((p) => samePlatform(p, parsed))) platforms.push(parsed);
  });
  return platforms;
}
