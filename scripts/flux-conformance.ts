/**
 * Runs the rewrite against Flux's setter fixtures (a corpus kept outside the project; see its README):
 * every file of `original/` must come out as its twin in `expected/`, byte for byte, and files without a
 * twin must stay untouched. Usage: `npx tsx scripts/flux-conformance.ts [corpus-dir]`.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { mayContainMarkers, rewriteFile } from '../src/manifests/index.js';
import type { PolicyUpdate, Problem } from '../src/manifests/index.js';

const NAMESPACE = 'automation-ns';
const DIGEST = 'sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be';

/** The three policies of the corpus README, as the cycle would hand them to the rewrite. */
const UPDATES: readonly PolicyUpdate[] = [
  { id: `${NAMESPACE}:policy`, image: 'index.repo.fake/updated', tag: 'v1.0.1' },
  { id: `${NAMESPACE}:unchanged`, image: 'image', tag: 'v1.0.0' },
  { id: `${NAMESPACE}:policy-with-digest`, image: 'image', tag: 'v1.0.0', digest: DIGEST },
];

/** Flux reads only these names. */
function isManifestName(name: string): boolean {
  return /\.ya?ml$/.test(name) || basename(name) === 'Kustomization';
}

interface Verdict {
  ok: boolean;
  detail: string;
}

async function checkFile(corpus: string, name: string): Promise<Verdict> {
  const original = await readFile(join(corpus, 'original', name), 'utf8');
  const expectedPath = join(corpus, 'expected', name);
  const expected = existsSync(expectedPath) ? await readFile(expectedPath, 'utf8') : original;
  const updates = new Map(UPDATES.map((update) => [update.id, update]));
  const declared = new Set(updates.keys());
  const screened = isManifestName(name) && mayContainMarkers(original);
  const result = screened ? rewriteFile({ file: name, text: original, updates, declared }) : undefined;
  const output = result?.text ?? original;
  const problems = result?.problems ?? [];
  const notes = problems.map(describe).join('; ');
  if (!Buffer.from(output, 'utf8').equals(Buffer.from(expected, 'utf8'))) {
    const what = expected === original ? 'changed a file that must stay untouched' : 'output differs from expected/';
    return { ok: false, detail: notes === '' ? what : `${what} (${notes})` };
  }
  if (expected !== original && problems.length > 0) return { ok: false, detail: `unexpected problems: ${notes}` };
  return { ok: true, detail: notes };
}

function describe(problem: Problem): string {
  return `${problem.kind} line ${problem.line ?? '?'}: ${problem.message}`;
}

async function main(): Promise<number> {
  const corpus = resolve(process.argv[2] ?? '../shared/peer-fixtures/flux-setters');
  const names = await readdir(join(corpus, 'original')).then((found) => found.sort(), () => undefined);
  if (names === undefined) {
    console.error(`no corpus at ${corpus} (expected ${join(corpus, 'original')}/)`);
    return 1;
  }
  let passed = 0;
  for (const name of names) {
    const verdict = await checkFile(corpus, name);
    if (verdict.ok) passed += 1;
    const detail = verdict.detail === '' ? '' : ` (${verdict.detail})`;
    console.log(`${verdict.ok ? 'ok' : 'FAIL'} ${name}${detail}`);
  }
  const failed = names.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && names.length > 0 ? 0 : 1;
}

process.exitCode = await main();
