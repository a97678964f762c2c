import assert from 'node:assert/strict';
import { isScalar, parse as parseOne, parseAllDocuments } from 'yaml';
import type { Document, Scalar } from 'yaml';
import { misreadEdit } from '../../src/manifests/guard.js';
import { mayContainMarkers, rewriteFile, splice } from '../../src/manifests/index.js';
import { draftRewrite } from '../../src/manifests/rewrite.js';
import { markersSettled } from '../../src/manifests/settled.js';
import { withYamlEnv } from '../../src/manifests/yaml-env.js';
import type { RewriteResult } from '../../src/manifests/index.js';
import type { GeneratedFile, PathKey } from '../helpers/yaml-gen.js';

/*
 * The properties of one rewrite, checked against a YAML parser rather than against the rewrite's own
 * code: the output parses; it differs from the input only inside the bytes of the values the policies
 * own; every other value reads the same; each owned value reads as what its policy writes, as a
 * string, under YAML 1.2 and 1.1; and rewriting the output again changes nothing.
 */

function parse(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  return Array.isArray(docs) ? docs : [];
}

/** How a scalar's own text reads under YAML 1.1 (go-yaml, older tooling), its `!!str` tag included. */
function readAs11(node: Scalar, text: string): unknown {
  const source = text.slice(node.range![0], node.range![1]);
  return parseOne(`${node.tag === 'tag:yaml.org,2002:str' ? '!!str ' : ''}${source}`, { version: '1.1' });
}

function errorsOf(docs: readonly Document.Parsed[]): string[] {
  return docs.flatMap((doc) => doc.errors.map((e) => e.message));
}

function scalarAt(doc: Document.Parsed | undefined, path: readonly PathKey[], what: string): Scalar {
  const node = doc?.getIn(path, true);
  if (!isScalar(node)) throw new Error(`${what}: no scalar at ${JSON.stringify(path)}`);
  return node;
}

export function rewrite(file: GeneratedFile, text = file.text): RewriteResult {
  return rewriteFile({ file: 'gen.yaml', text, updates: file.updates, declared: file.declared, targets: file.targets });
}

/** withYamlEnv: `yaml` reads process.env once per token otherwise, which doubles the time of a run. */
export function checkRewrite(file: GeneratedFile): void {
  withYamlEnv(() => check(file));
}

/** How many texts the settled screen would let a cycle skip: the property must see plenty. */
export const settledTally = { skipped: 0 };

/**
 * A text `markersSettled` passes is one a cycle never parses: the rewrite, with the markers alone
 * (a cycle skips only files no target looks at), must leave it exactly as it is, without a word.
 */
function checkSettled(file: GeneratedFile, text: string, result: RewriteResult): void {
  // Without a marker it is trivially settled, and the byte screen already keeps it from the parser.
  if (!mayContainMarkers(text) || !markersSettled(text, file.updates, file.declared)) return;
  settledTally.skipped++;
  const markersOnly = (file.targets ?? []).length === 0 ? result : rewriteFile({ file: 'gen.yaml', text, updates: file.updates, declared: file.declared });
  assert.equal(markersOnly.text, text, 'a settled text is not rewritten');
  assert.deepEqual(markersOnly.changes, []);
  assert.deepEqual(markersOnly.problems, []);
}

/** How many rewrites with edits were spared the re-parse as inert swaps, and how many were not. */
export const inertTally = { spared: 0, checked: 0 };

function check(file: GeneratedFile): void {
  const { text, expected } = file;
  const before = parse(text);
  // The generator's own contract: what it writes is valid YAML.
  assert.deepEqual(errorsOf(before), [], 'the generated input parses');
  const result = rewrite(file);
  // A rewrite spared the re-parse (every edit an inert swap) must pass it all the same.
  const draft = draftRewrite({ file: 'gen.yaml', text, updates: file.updates, declared: file.declared, targets: file.targets });
  if (draft.edits.length > 0) {
    inertTally[draft.check ? 'checked' : 'spared']++;
    if (!draft.check) assert.equal(misreadEdit(draft.result.text, draft.edits), undefined, 'an inert swap passes the full check');
  }
  assert.deepEqual(result.problems, []);
  checkSettled(file, text, result);
  const after = parse(result.text);
  assert.deepEqual(errorsOf(after), [], 'the output parses');
  assert.equal(after.length, before.length, 'as many documents as before');

  // Put the original bytes back into every owned value: what remains must be the input, byte for byte.
  const restore = expected.map((e) => {
    const [was, now] = [scalarAt(before[e.doc], e.path, 'input'), scalarAt(after[e.doc], e.path, 'output')];
    return { start: now.range![0], end: now.range![1], text: text.slice(was.range![0], was.range![1]) };
  });
  assert.equal(splice(result.text, restore), text, 'only the bytes of owned values changed');

  // Every value reads as before, except the owned ones that move (and their aliases): those read as
  // their new text, as strings. A value that already holds its text is left exactly as it is.
  const moves = expected.filter((e) => e.from !== e.to);
  for (const e of moves) scalarAt(before[e.doc], e.path, 'input').value = e.to;
  before.forEach((doc, i) => {
    assert.deepStrictEqual(after[i]!.toJS({ maxAliasCount: -1 }), doc.toJS({ maxAliasCount: -1 }), `document ${i} reads as expected`);
  });
  for (const e of moves) assert.equal(readAs11(scalarAt(after[e.doc], e.path, 'output'), result.text), e.to, 'a string under YAML 1.1');

  const moved = new Set(moves.map((e) => `${e.doc}:${JSON.stringify(e.path)}`));
  assert.equal(result.changes.length, moved.size, 'one change per value that moved');
  // Nothing moved: the output is the input, so a second run would only repeat the first.
  if (moved.size === 0) return assert.equal(result.text, text);

  const again = rewrite(file, result.text);
  checkSettled(file, result.text, again);
  assert.equal(again.text, result.text, 'a second run changes nothing');
  assert.deepEqual(again.changes, []);
  assert.deepEqual(again.problems, []);
}
