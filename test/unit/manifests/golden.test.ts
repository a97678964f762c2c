import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteFile } from '../../../src/manifests/index.js';
import type { RewriteResult } from '../../../src/manifests/index.js';
import { CASES, DECLARED, UPDATES } from './cases.js';
import type { GoldenCase } from './cases.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/rewrite');
const updates = new Map(UPDATES.map((update) => [update.id, update]));

function read(fixture: string, name: string): string {
  return readFileSync(join(FIXTURES, fixture, name)).toString('utf8');
}

const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

function rewrite(file: string, text: string): RewriteResult {
  return rewriteFile({ file, text, updates, declared: DECLARED });
}

function variants(golden: GoldenCase): { label: string; input: string; expected: string }[] {
  const input = read(golden.fixture, 'input.yaml');
  const expected = read(golden.fixture, 'expected.yaml');
  const lf = { label: golden.fixture, input, expected };
  if (!golden.crlf) return [lf];
  return [lf, { label: `${golden.fixture} (CRLF)`, input: toCrlf(input), expected: toCrlf(expected) }];
}

describe.each(CASES.flatMap((golden) => variants(golden).map((variant) => ({ ...variant, golden }))))(
  'rewrite $label',
  ({ golden, input, expected }) => {
    const file = `envs/${golden.fixture}.yaml`;

    it('produces expected.yaml byte for byte', () => {
      expect(Buffer.from(rewrite(file, input).text, 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect(rewrite(file, input).text).toBe(expected);
    });

    it('reports exactly the expected changes', () => {
      const changes = rewrite(file, input).changes;
      const images = new Map(UPDATES.map((update) => [update.id, update.image]));
      expect(changes).toEqual(golden.changes.map((change) => ({ ...change, file, image: images.get(change.policy), rule: 'marker' })));
    });

    it('reports exactly the expected problems, each with file, line and severity', () => {
      const problems = rewrite(file, input).problems;
      expect(problems.map(({ kind, line }) => ({ kind, line }))).toEqual(golden.problems);
      for (const problem of problems) {
        expect(problem.file).toBe(file);
        expect(problem.message).not.toBe('');
        const warning = problem.kind === 'downgrade-prevented' || problem.kind === 'no-digest';
        expect(problem.severity).toBe(warning ? 'warning' : 'error');
      }
    });

    it('is idempotent: rewriting the output changes nothing and returns the same string', () => {
      const first = rewrite(file, input);
      const second = rewrite(file, first.text);
      expect(second.text).toBe(first.text);
      expect(second.changes).toEqual([]);
      expect(second.problems).toEqual(first.problems);
    });

    it('returns the input string itself when nothing changed', () => {
      const result = rewrite(file, input);
      if (golden.changes.length === 0) expect(result.text).toBe(input);
      else expect(result.text).not.toBe(input);
    });
  },
);
