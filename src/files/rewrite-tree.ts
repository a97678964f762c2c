import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { misreadEdit } from '../manifests/guard.js';
import { mayContainMarkers } from '../manifests/index.js';
import { markersSettled } from '../manifests/settled.js';
import { draftRewrite, settleRewrite } from '../manifests/rewrite.js';
import type { Edit } from '../manifests/splice.js';
import { compileTarget, targetLabel, type CompiledTarget, type PolicyTarget, type TargetFinding } from '../manifests/targets/index.js';
import type { Change, PolicyUpdate, Problem } from '../manifests/types.js';
import { ReadAhead, SETTLED } from './read-ahead.js';
import { decodeText, fileContains, FileTooLarge } from './read-text.js';
import { isManifestName, walkFiles } from './walk.js';

/**
 * How one file changes: the splices into its text, and a digest of the bytes they apply to. A large
 * cycle changes tens of thousands of files; holding each text twice until the commit would take
 * hundreds of MiB, so the new text is made again from the file when it is written (`editedText`).
 */
export interface FileEdit {
  file: string;
  edits: readonly Edit[];
  /** sha256 of the file's bytes as read: a file that no longer holds them is not written. */
  digest: string;
  /** What `RewriteTreeOptions.diff` made of the file's texts (`plan` prints a unified diff). */
  diff?: string;
}

export interface RewriteTreeOptions {
  /**
   * Describes each changed file from its texts as it is rewritten, into `FileEdit.diff`: only the
   * description is kept, not the texts (at 20,000 files they are hundreds of MiB).
   */
  diff?: (file: string, before: string, after: string) => string;
  /**
   * Leave unparsed a file whose every marker provably holds its value already (`markersSettled`) and
   * that no target looks at. Such a file's YAML errors then go unreported; cycles that write use it,
   * `plan` reads everything.
   */
  skipSettled?: boolean;
}

export interface TreeRewrite {
  edits: FileEdit[];
  changes: Change[];
  problems: Problem[];
  /** What each target found, changed or not (for `plan`). */
  found: TargetFinding[];
  /** Files read in full and parsed (after the byte screen). */
  parsed: number;
  scanned: number;
}

/**
 * Computes the rewrite of every manifest under `paths` (markers) and every file a target's globs
 * match, in the checkout at `dir`; writes nothing. A file is read only when it is under `paths` or
 * matches a glob, and parsed only when its bytes pass a screen: the marker token, or for an
 * auto-detecting target the name of its image. A file that fails is reported and skipped.
 */
export async function rewriteTree(
  dir: string,
  paths: readonly string[],
  updates: ReadonlyMap<string, PolicyUpdate>,
  declared: ReadonlySet<string>,
  targets: readonly PolicyTarget[] = [],
  options: RewriteTreeOptions = {},
): Promise<TreeRewrite> {
  const out: TreeRewrite = { edits: [], changes: [], problems: [], found: [], parsed: 0, scanned: 0 };
  const fileProblem = (file: string, message: string, line?: number) =>
    out.problems.push({ kind: 'file-error', severity: 'error', file, message, ...(line === undefined ? {} : { line }) });
  const compiled = targets.map(compileTarget);
  const marked = new Set(await walkFiles(dir, await inside(dir, paths, fileProblem), isManifestName, fileProblem));
  // Prefixes under `paths` were just walked; a prefix that does not exist is not an error of its own
  // (the target reports that it matched nothing).
  const bases = [...new Set(compiled.flatMap((c) => c.bases))].filter((base) => !paths.some((p) => covers(p, base)));
  const globbed = await walkFiles(dir, await inside(dir, bases, fileProblem), isManifestName, () => undefined);
  const globHits = new Map<CompiledTarget, number>();
  const order = [...new Set([...marked, ...globbed])].sort();
  const settled = options.skipSettled === true ? (text: string) => markersSettled(text, updates, declared) : undefined;
  // The read-ahead judges files before their turn (to spare the workers), so it matches the globs itself.
  const ahead = new ReadAhead(dir, order, (file) => marked.has(file), settled && ((file, text) => !compiled.some((c) => c.matches(file)) && settled(text)));
  // Files are rewritten a few at a time, so a worker's check of one file's new text overlaps the next
  // files' work; their outcomes are taken in file order, so the result does not depend on timing.
  const pending: Promise<FileOutcome | undefined>[] = [];
  const take = async () => {
    const outcome = await pending.shift()!;
    if (outcome) addOutcome(out, outcome);
  };
  try {
    for (const file of order) {
      out.scanned++;
      const candidates = compiled.filter((c) => c.matches(file));
      candidates.forEach((c) => globHits.set(c, (globHits.get(c) ?? 0) + 1));
      pending.push(rewriteOne(ahead, { dir, file, diff: options.diff, settled }, marked.has(file), candidates, { updates, declared }));
      if (pending.length > IN_FLIGHT) await take();
    }
    while (pending.length > 0) await take();
  } finally {
    await Promise.allSettled(pending);
    await ahead.close();
  }
  out.problems.push(...unmatchedTargets(compiled, globHits, out.found));
  return out;
}

/**
 * The paths whose real location is inside the checkout. The walk never follows a symlink it meets,
 * but a path handed to it (`apps/linked/dir`) is opened through any symlinked directory on its way.
 */
async function inside(dir: string, paths: readonly string[], onProblem: (path: string, message: string) => void): Promise<string[]> {
  const root = await realpath(dir);
  const kept: string[] = [];
  const outside = (rel: string) => rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  for (const path of paths) {
    const abs = isAbsolute(path) ? path : join(dir, path);
    const real = await realpath(abs).catch(() => undefined);
    // Lexically outside is the walk's to report; here only what a symlink leads out of.
    if (real !== undefined && !outside(relative(dir, abs)) && outside(relative(root, real))) {
      onProblem(path, 'leads outside the checkout through a symlink; not read');
    } else kept.push(path);
  }
  return kept;
}

/** Whether walking the repo-relative `path` visits everything under `base`. */
function covers(path: string, base: string): boolean {
  const clean = (p: string) => p.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
  const [p, b] = [clean(path), clean(base)];
  return p === '.' || b === p || b.startsWith(`${p}/`);
}

/** Files in flight at once: enough to keep the workers busy, few enough that only their texts are held. */
const IN_FLIGHT = 16;

/** What rewriting one file adds to the tree's result. */
interface FileOutcome {
  parsed: boolean;
  changes: readonly Change[];
  problems: readonly Problem[];
  found: readonly TargetFinding[];
  edit?: FileEdit;
}

function addOutcome(out: TreeRewrite, outcome: FileOutcome): void {
  if (outcome.parsed) out.parsed++;
  out.changes.push(...outcome.changes);
  out.problems.push(...outcome.problems);
  out.found.push(...outcome.found);
  if (outcome.edit) out.edits.push(outcome.edit);
}

async function rewriteOne(
  ahead: ReadAhead,
  { dir, file, diff, settled }: { dir: string; file: string; diff: RewriteTreeOptions['diff']; settled: ((text: string) => boolean) | undefined },
  markers: boolean,
  candidates: readonly CompiledTarget[],
  policies: { updates: ReadonlyMap<string, PolicyUpdate>; declared: ReadonlySet<string> },
): Promise<FileOutcome | undefined> {
  if (!markers && candidates.length === 0) return undefined;
  const failed = (message: string, line?: number): FileOutcome => ({
    parsed: false, changes: [], found: [],
    problems: [{ kind: 'file-error', severity: 'error', file, message, ...(line === undefined ? {} : { line }) }],
  });
  const screen = (bytes: Uint8Array) => (markers && mayContainMarkers(bytes)) || candidates.some((c) => c.screen(bytes));
  const prefetch = ahead.read(file);
  let bytes: Buffer;
  try {
    bytes = await prefetch.bytes;
  } catch (err) {
    // Too big to parse safely: said only when it holds what a marker or target looks for.
    if (err instanceof FileTooLarge) {
      return (await fileContains(join(dir, file), screen).catch(() => true)) ? failed(`${err.message} for a manifest; skipped`) : undefined;
    }
    return failed(`cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  const marked = markers && mayContainMarkers(bytes);
  const targets = candidates.filter((c) => c.screen(bytes)).map((c) => c.target);
  if (!marked && targets.length === 0) return undefined;
  // Decoding invalid UTF-8 replaces bytes; writing that back would corrupt the file.
  const decoded = decodeText(bytes);
  if (!decoded.ok) return failed(`${decoded.message}; skipped`, decoded.line);
  const text = decoded.text;
  // Parsed by a worker thread meanwhile, when the tree is large enough to have them, or found settled.
  const located = marked ? await prefetch.located : undefined;
  // A settled file needs no parse. The read-ahead judged it unless it left the file to this thread
  // (few files, or before its workers start): then it is judged here.
  if (located === SETTLED || (located === undefined && marked && candidates.length === 0 && settled?.(text))) return undefined;
  const input = { file, text, ...policies, targets, markers: marked, located };
  const draft = draftRewrite(input);
  let result = draft.result;
  if (draft.check) {
    const checked = await ahead.check(result.text, draft.edits);
    result = settleRewrite(input, draft, checked === undefined ? misreadEdit(result.text, draft.edits) : (checked ?? undefined));
  }
  return {
    parsed: true,
    changes: result.changes,
    problems: result.problems,
    found: result.found ?? [],
    ...(result.text === text ? {} : { edit: { file, edits: draft.edits, digest: digestOf(bytes), ...(diff ? { diff: diff(file, text, result.text) } : {}) } }),
  };
}

/**
 * A target that finds nothing is almost always a typo in a glob or a path, or an image spelled
 * differently than the policy's: say so, once per target, where the target is declared.
 */
function unmatchedTargets(compiled: readonly CompiledTarget[], globHits: ReadonlyMap<CompiledTarget, number>, found: readonly TargetFinding[]): Problem[] {
  const hit = new Set(found.map((f) => `${f.policy}#${f.target}`));
  const problems: Problem[] = [];
  for (const c of compiled) {
    const { target } = c;
    if (hit.has(`${target.policy}#${target.index}`)) continue;
    const files = globHits.get(c) ?? 0;
    const what = target.spec.kind === 'path' ? `the path ${target.spec.path}` : `a reference to ${target.image}`;
    const message = files === 0
      ? `${targetLabel(target.policy, target.index)}: no file matches ${target.spec.files.join(', ')}`
      : `${targetLabel(target.policy, target.index)}: ${files} file(s) match ${target.spec.files.join(', ')}, but none holds ${what}`;
    problems.push({ kind: 'target-unmatched', severity: 'warning', message, policy: target.policy, ...target.source });
  }
  return problems;
}

export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
