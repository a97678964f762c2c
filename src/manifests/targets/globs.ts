import { Buffer } from 'node:buffer';
import picomatch from 'picomatch';
import { repositoryPathToken } from '../image-name.js';
import type { PolicyTarget } from './types.js';
import { parseYamlPath } from './yaml-path.js';

/**
 * Why a `files:` pattern cannot be used, or undefined. Patterns are repo-relative: an absolute path or
 * a `..` segment could only name files outside the checkout, so they are refused at load time rather
 * than silently matching nothing.
 */
export function globProblem(pattern: string): string | undefined {
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body.trim() === '') return 'the pattern is empty';
  if (body.startsWith('/') || body.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(body)) {
    return 'patterns are repo-relative; remove the leading "/"';
  }
  if (body.split(/[\\/]/).includes('..')) return 'patterns may not leave the repository (".." segment)';
  if (body.includes('\0')) return 'the pattern contains a NUL character';
  return undefined;
}

/** A target with its globs compiled and its byte screen prepared, ready to test files against. */
export interface CompiledTarget {
  target: PolicyTarget;
  /** Directories (or files) to walk: the fixed prefix of each including pattern; '.' for the root. */
  bases: string[];
  matches(file: string): boolean;
  /** True when the file's bytes may hold something for this target (always, for explicit paths). */
  screen(content: string | Uint8Array): boolean;
}

export function compileTarget(target: PolicyTarget): CompiledTarget {
  const patterns = target.spec.files.map((p) => p.replace(/^(!?)\.\//, '$1'));
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const isIncluded = include.length ? picomatch(include) : () => false;
  const isExcluded = exclude.length ? picomatch(exclude) : () => false;
  const tokens = screenTokens(target);
  return {
    target,
    bases: [...new Set(include.map((p) => picomatch.scan(p).base || '.'))],
    matches: (file) => isIncluded(file) && !isExcluded(file),
    screen: (content) => tokens.length === 0 || tokens.some((token) => includesToken(content, token)),
  };
}

/*
 * Bytes a file must hold for a target to find anything in it, so files without them are never parsed.
 * Auto-detecting targets look for the policy's repository, and every spelling of it holds its last
 * segment (see repositoryPathToken). Explicit paths name a scalar whose value need not mention the
 * image at all (a bare tag), but the key that holds it is written in the file: its last key.
 */
function screenTokens(target: PolicyTarget): Buffer[] {
  const spec = target.spec;
  if (spec.kind === 'auto' || (spec.kind === 'helm' && spec.helm === 'auto')) return [Buffer.from(repositoryPathToken(target.image), 'utf8')];
  const helm = spec.kind === 'helm' && spec.helm !== 'auto' ? spec.helm : {};
  const paths = (spec.kind === 'path' ? [spec.path] : [helm.tag, helm.digest]).filter((p): p is string => p !== undefined);
  const keys = paths.map(lastKey);
  // A path that ends in a list item (`args[1]`) names no key to look for: every matching file is parsed.
  if (keys.some((key) => key === undefined)) return [];
  return keys.map((key) => Buffer.from(key!, 'utf8'));
}

function lastKey(path: string): string | undefined {
  const parsed = parseYamlPath(path);
  const last = parsed.ok ? parsed.segments.at(-1) : undefined;
  return last?.kind === 'key' ? last.key : undefined;
}

function includesToken(content: string | Uint8Array, token: Buffer): boolean {
  if (typeof content === 'string') return content.includes(token.toString('utf8'));
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(token);
}
