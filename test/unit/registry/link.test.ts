import { describe, expect, it } from 'vitest';
import { parseLinks, parseNextLink } from '../../../src/registry/link.js';

describe('parseNextLink', () => {
  it.each([
    ['relative (distribution, GHCR)', '</v2/a/b/tags/list?n=100&last=v1.2>; rel="next"', '/v2/a/b/tags/list?n=100&last=v1.2'],
    ['absolute', '<https://r.example/v2/a/tags/list?last=x&n=2>; rel="next"', 'https://r.example/v2/a/tags/list?last=x&n=2'],
    ['unquoted rel', '</v2/a/tags/list?last=x>; rel=next', '/v2/a/tags/list?last=x'],
    ['rel among other types, any case', '</p2>; rel="prefetch NEXT"', '/p2'],
    ['next after another link', '</p0>; rel="prev", </p2>; rel="next"', '/p2'],
    ['commas inside the target', '</v2/a/tags/list?last=a,b>; rel="next"', '/v2/a/tags/list?last=a,b'],
    ['other params before rel', '</p2>; type="application/json"; rel="next"', '/p2'],
    ['no space after semicolon', '</p2>;rel="next"', '/p2'],
  ])('%s', (_name, header, expected) => {
    expect(parseNextLink(header)).toBe(expected);
  });

  it.each([
    ['no header', undefined],
    ['empty', ''],
    ['only prev', '</p0>; rel="prev"'],
    ['rel containing next as a substring', '</p0>; rel="nextpage"'],
    ['not a link', 'rel="next"'],
  ])('finds none: %s', (_name, header) => {
    expect(parseNextLink(header)).toBeUndefined();
  });
});

describe('parseLinks', () => {
  it('keeps every link and the first occurrence of a parameter', () => {
    expect(parseLinks('</a>; rel="next"; rel="last", </b>; title="x\\"y"')).toEqual([
      { target: '/a', params: { rel: 'next' } },
      { target: '/b', params: { title: 'x"y' } },
    ]);
  });
});
