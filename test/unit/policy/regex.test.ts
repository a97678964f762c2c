import { describe, expect, it } from 'vitest';
import { compileUserRegex } from '../../../src/policy/regex.js';

function compiled(source: string) {
  const result = compileUserRegex(source);
  if (!result.ok) throw new Error(`expected ${source} to compile: ${result.reason}`);
  return result;
}

describe('compileUserRegex', () => {
  it.each([
    { source: '(?P<ts>\\d+)', matches: ['123'], rejects: ['abc'] },
    { source: '(?i)^main-', matches: ['MAIN-1', 'main-1'], rejects: ['xmain-1'] },
    { source: '\\Av\\d+\\z', matches: ['v12'], rejects: ['xv12', 'v12x', 'Av12z'] },
    { source: '^[]a]+$', matches: [']a]'], rejects: ['b'] },
    { source: '^[^]a]+$', matches: ['bc'], rejects: ['b]'] },
    { source: '^\\(?P<x>$', matches: ['P<x>', '(P<x>'], rejects: ['x'] },
    { source: '[(?P<]', matches: ['P'], rejects: ['x'] },
    { source: '^main\\-\\_\\d+$', matches: ['main-_1'], rejects: ['main1'] },
    { source: 'rc', matches: ['1.0.0-rc.1'], rejects: ['1.0.0'] },
  ])('$source', ({ source, matches, rejects }) => {
    const { regex } = compiled(source);
    for (const tag of matches) expect(regex.test(tag), tag).toBe(true);
    for (const tag of rejects) expect(regex.test(tag), tag).toBe(false);
  });

  it.each([
    { source: '(a)(?P<x>b)(?<y>c)(?:d)', count: 3, names: ['x', 'y'] },
    { source: 'a|(b)', count: 1, names: [] },
    { source: '', count: 0, names: [] },
  ])('group info of $source', ({ source, count, names }) => {
    const { groups } = compiled(source);
    expect(groups.count).toBe(count);
    expect([...groups.names]).toEqual(names);
  });

  it.each([
    { source: '(', reason: 'Unterminated group' },
    { source: '[a-', reason: 'Unterminated character class' },
    { source: '*x', reason: 'Nothing to repeat' },
    { source: '(?P<a>x)(?P<a>y)', reason: 'Duplicate capture group name' },
    { source: '[[:digit:]]', reason: 'POSIX class [:digit:] is not supported' },
    { source: '\\Q1.0\\E', reason: '\\Q…\\E quoting is not supported' },
    { source: '(?U)a+', reason: 'Invalid group' },
  ])('refuses $source ($reason)', ({ source, reason }) => {
    const result = compileUserRegex(source);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});
