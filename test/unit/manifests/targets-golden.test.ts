import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteFile } from '../../../src/manifests/index.js';
import type { RewriteResult } from '../../../src/manifests/index.js';
import { compileTarget } from '../../../src/manifests/targets/index.js';
import { CASES, TARGET_UPDATES } from './targets-cases.js';
import type { TargetCase } from './targets-cases.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/targets');
const updates = new Map(TARGET_UPDATES.map((update) => [update.id, update]));
const declared = new Set(updates.keys());
const images = new Map(TARGET_UPDATES.map((update) => [update.id, update.image]));

const read = (fixture: string, name: string) => readFileSync(join(FIXTURES, fixture, name)).toString('utf8');
const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** What rewrite-tree does for one file: keep the targets whose globs match it and whose byte screen it passes. */
function rewrite(golden: TargetCase, text: string): RewriteResult {
  const targets = golden.targets.map(compileTarget).filter((c) => c.matches(golden.file) && c.screen(Buffer.from(text)));
  return rewriteFile({ file: golden.file, text, updates, declared, targets: targets.map((c) => c.target) });
}

function variants(golden: TargetCase): { label: string; input: string; expected: string }[] {
  const lf = { label: golden.fixture, input: read(golden.fixture, 'input.yaml'), expected: read(golden.fixture, 'expected.yaml') };
  if (!golden.crlf) return [lf];
  return [lf, { label: `${golden.fixture} (CRLF)`, input: toCrlf(lf.input), expected: toCrlf(lf.expected) }];
}

describe.each(CASES.flatMap((golden) => variants(golden).map((variant) => ({ ...variant, golden }))))(
  'targets: $label',
  ({ golden, input, expected }) => {
    it('produces expected.yaml byte for byte', () => {
      expect(Buffer.from(rewrite(golden, input).text, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
    });

    it('reports exactly the expected changes, each with the rule that made it', () => {
      const changes = rewrite(golden, input).changes;
      expect(changes).toEqual(golden.changes.map((change) => ({ ...change, file: golden.file, image: images.get(change.policy) })));
    });

    it('reports exactly the expected problems', () => {
      const problems = rewrite(golden, input).problems;
      expect(problems.map(({ kind, line }) => ({ kind, line }))).toEqual(golden.problems);
      for (const problem of problems) {
        expect(problem.file).toBe(golden.file);
        expect(problem.message).not.toBe('');
      }
    });

    it('is idempotent and returns the input itself when nothing changed', () => {
      const first = rewrite(golden, input);
      const second = rewrite(golden, first.text);
      expect(second.text).toBe(first.text);
      expect(second.changes).toEqual([]);
      if (golden.changes.length === 0) expect(first.text).toBe(input);
    });
  },
);
