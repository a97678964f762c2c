import { isAbsolute, join, relative } from 'node:path';
import { decodeText, fileContains, FileTooLarge, LIMITS, readBounded } from '../files/read-text.js';
import { walkFiles } from '../files/walk.js';
import type { FluxObject } from './flux-objects.js';
import { resolveFluxPolicies } from './flux-policies.js';
import { parsePolicyFile } from './parse-policies.js';
import type { ConfigProblem, Policy } from './types.js';

export interface LoadedPolicies {
  policies: Policy[];
  problems: ConfigProblem[];
}

const isYamlName = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/**
 * Loads every ImagePolicy under `paths`: repo-relative ones from the checkout at `repoDir`, absolute
 * ones from the local disk. Files are named repo-relative where they come from the checkout.
 */
export async function loadPolicies(paths: readonly string[], repoDir: string | undefined): Promise<LoadedPolicies> {
  const out: LoadedPolicies = { policies: [], problems: [] };
  const flux: FluxObject[] = [];
  for (const path of paths) {
    const root = isAbsolute(path) ? path : repoDir;
    if (!root) {
      out.problems.push({ file: path, line: 1, message: 'a repo-relative policy path needs a repository (set repo.url or --repo)' });
      continue;
    }
    const base = isAbsolute(path) ? path : repoDir!;
    // An absolute path is a directory the operator mounted (a ConfigMap's files are symlinks): followed.
    const files = await walkFiles(
      base,
      isAbsolute(path) ? ['.'] : [path],
      isYamlName,
      (p, message) => out.problems.push({ file: path, line: 1, message: `policies path ${p}: ${message}` }),
      { followSymlinks: isAbsolute(path) },
    );
    for (const rel of files) {
      const abs = join(base, rel);
      const label = isAbsolute(path) ? abs : rel;
      const read = await readPolicyText(abs, label);
      if (read.problem) out.problems.push(read.problem);
      if (read.text === undefined) continue;
      const parsed = parsePolicyFile(label, read.text);
      out.policies.push(...parsed.policies);
      out.problems.push(...parsed.problems);
      flux.push(...(parsed.flux ?? []));
    }
  }
  // Flux's ImagePolicy and the ImageRepository it names may sit in different files: join them last.
  const resolved = resolveFluxPolicies(flux);
  out.policies.push(...resolved.policies);
  out.problems.push(...resolved.problems);
  return rejectDuplicates(out);
}

const TOKENS = [Buffer.from('ImagePolicy'), Buffer.from('ImageRepository')];
/** Only files that mention a policy kind are parsed (policies may live beside big manifests). */
const mentionsPolicies = (bytes: Buffer) => TOKENS.some((token) => bytes.includes(token));

/**
 * The text of a file that may hold policies, or nothing when it holds none. A file that would hold
 * some but cannot be read safely (too big, binary, not UTF-8, unreadable) is a problem of its own:
 * its policies are lost, the other files' are not.
 */
async function readPolicyText(abs: string, label: string): Promise<{ text?: string; problem?: ConfigProblem }> {
  let bytes: Buffer;
  try {
    bytes = await readBounded(abs, LIMITS.policies);
  } catch (err) {
    if (!(err instanceof FileTooLarge)) return { problem: { file: label, line: 1, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}` } };
    const relevant = await fileContains(abs, mentionsPolicies).catch(() => true);
    return relevant ? { problem: { file: label, line: 1, message: `${err.message} for a policy file; its policies are not read` } } : {};
  }
  if (!mentionsPolicies(bytes)) return {};
  const decoded = decodeText(bytes);
  return decoded.ok ? { text: decoded.text } : { problem: { file: label, line: decoded.line, message: `${decoded.message}; its policies are not read` } };
}

/** Two policies with one id would make markers ambiguous: both are dropped and each is reported. */
function rejectDuplicates(loaded: LoadedPolicies): LoadedPolicies {
  const byId = new Map<string, Policy[]>();
  for (const p of loaded.policies) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
  const problems = [...loaded.problems];
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const p of list) {
      const others = list.filter((o) => o !== p).map((o) => `${o.source.file}:${o.source.line}`);
      problems.push({ ...p.source, message: `duplicate policy ${id} (also declared at ${others.join(', ')})` });
    }
  }
  const policies = loaded.policies.filter((p) => byId.get(p.id)!.length === 1);
  return { policies, problems };
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return isAbsolute(file) && !rel.startsWith('..') ? rel : file;
}
