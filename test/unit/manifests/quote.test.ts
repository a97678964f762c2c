import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainNeedsQuotes, renderScalar } from '../../../src/manifests/index.js';
import type { FlowStyle } from '../../../src/manifests/index.js';

/** Reads `text` as the value of a key in both YAML versions the rewritten file may meet. */
function readBack(text: string): unknown[] {
  return (['1.1', '1.2'] as const).map((version) => (parse(`key: ${text} # c\n`, { version }) as { key: unknown }).key);
}

describe('plainNeedsQuotes', () => {
  const mustQuote = [
    '20240315', '1.10', '1.0', '10', '0x1F', '0o17', '0755', '1e3', '1E-3', '.inf', '-.Inf', '.nan', 'true', 'False',
    'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', 'Null', '~', '', '1_000', '1:30', '190:20:30.15', '2024-03-15',
    '2001-12-14t21:59:43.10-05:00', '<<', '=', '-1', '+1', '- x', '-foo', '?x', ':x', '[x', '{x', '#x', '&x', '*x',
    '!x', '|x', '>x', "'x", '"x', '%x', '@x', '`x', 'a: b', 'a #b', 'a:', 'a,b', 'a]', ' lead', 'trail ', 'tab\t',
    'line\nbreak', 'nul\0', '...x',
  ];
  const plain = [
    '1.0.0', 'v1.10', 'v1', 'web:1.25.3', 'registry.example.com:5000/team/web:1.25.3', `app@sha256:${'0'.repeat(64)}`,
    'sha256:abc', '1.0.0-rc.1', '1.2.3+build.4', 'latest', 'main-20240315-abc1234', 'a#b', 'a:b', 'yes-please',
    'nully', '0.1.0', '20240315a', 'x-1',
  ];

  it.each(mustQuote)('quotes %j', (value) => {
    expect(plainNeedsQuotes(value)).toBe(true);
  });

  it.each(plain)('leaves %j plain, and it reads back as that string', (value) => {
    expect(plainNeedsQuotes(value)).toBe(false);
    expect(readBack(value)).toEqual([value, value]);
  });

  it('lets an explicit string tag keep number-like text plain, but not broken syntax', () => {
    expect(plainNeedsQuotes('1.10', true)).toBe(false);
    expect(plainNeedsQuotes('a: b', true)).toBe(true);
  });
});

describe('renderScalar', () => {
  it.each<[string, FlowStyle, string]>([
    ['1.25.3', 'PLAIN', '1.25.3'],
    ['1.10', 'PLAIN', '"1.10"'],
    ['1.25.3', 'QUOTE_SINGLE', "'1.25.3'"],
    ["it's", 'QUOTE_SINGLE', "'it''s'"],
    ['back\\slash', 'QUOTE_SINGLE', "'back\\slash'"],
    ['say "hi"', 'QUOTE_DOUBLE', '"say \\"hi\\""'],
    ['back\\slash', 'QUOTE_DOUBLE', '"back\\\\slash"'],
    ['tab\there', 'QUOTE_DOUBLE', '"tab\\there"'],
    ['line\nbreak', 'QUOTE_SINGLE', '"line\\nbreak"'],
    ['bell\x07', 'QUOTE_DOUBLE', '"bell\\a"'],
    ['del\x7f', 'QUOTE_DOUBLE', '"del\\u007f"'],
  ])('%j as %s is %s', (value, style, expected) => {
    expect(renderScalar(value, style)).toBe(expected);
  });

  const tricky = ['1.10', "it's", 'say "hi"', 'back\\slash', 'line\nbreak', 'tab\there', 'yes', '', ' x ', 'a: b #c', 'é ü 中'];
  it.each(tricky)('every style reads %j back exactly', (value) => {
    for (const style of ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE'] as const) {
      expect(readBack(renderScalar(value, style))).toEqual([value, value]);
    }
  });
});
