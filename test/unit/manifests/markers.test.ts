import { describe, expect, it } from 'vitest';
import { parseMarkerComment, resolveMarker } from '../../../src/manifests/index.js';

describe('parseMarkerComment', () => {
  it.each([
    ['# {"$imagepolicy": "ns:name"}', 'ns:name'],
    ['#{"$imagepolicy":"ns:name:tag"}', 'ns:name:tag'],
    ['#   {"$imagepolicy": "name", "other": "ignored"}   ', 'name'],
    ['# {"$imagepolicy": ""}', ''],
  ])('reads %s', (comment, ref) => {
    expect(parseMarkerComment(comment)).toEqual({ ok: true, ref });
  });

  it.each([
    ['# {"$imagepolicy": ns:name}', /not valid JSON/],
    ['# {"$imagepolicy": "ns:name"} trailing words', /not valid JSON/],
    ['# see the "$imagepolicy" docs', /not valid JSON/],
    ['# ["$imagepolicy"]', /must be a JSON object/],
    ['# {"$imagepolicy": 1}', /map keys to strings/],
    ['# {"$imagepolicy": "a:b", "n": null}', /map keys to strings/],
    ['# {"imagepolicy": "a:b", "x": "\\"$imagepolicy\\""}', /no "\$imagepolicy" key/],
  ])('rejects %s', (comment, message) => {
    const result = parseMarkerComment(comment);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('resolveMarker', () => {
  const declared = new Set(['apps:web', 'default:web', 'default:api', 'default:tag', 'tools:tag']);

  it.each([
    ['apps:web', 'apps:web', 'whole'],
    ['apps:web:tag', 'apps:web', 'tag'],
    ['apps:web:name', 'apps:web', 'name'],
    ['apps:web:digest', 'apps:web', 'digest'],
    ['web', 'default:web', 'whole'],
    ['default:web:tag', 'default:web', 'tag'],
    ['tools:tag', 'tools:tag', 'whole'],
    ['tag', 'default:tag', 'whole'],
  ])('%s names %s (%s)', (ref, policy, part) => {
    expect(resolveMarker(ref, declared)).toEqual({ ok: true, policy, part });
  });

  it.each([
    ['', 'bad-marker'],
    [':web', 'bad-marker'],
    ['apps:', 'bad-marker'],
    ['apps::tag', 'bad-marker'],
    ['apps:web:version', 'bad-marker'],
    ['a:b:tag:x', 'bad-marker'],
    ['apps:nope', 'unknown-policy'],
    ['nope', 'unknown-policy'],
    ['other:web:tag', 'unknown-policy'],
    ['api:tag', 'ambiguous-marker'],
    ['api:digest', 'ambiguous-marker'],
    ['web:name', 'ambiguous-marker'],
    ['nope:tag', 'unknown-policy'],
    ['api:version', 'unknown-policy'],
  ])('%j is a %s', (ref, kind) => {
    const result = resolveMarker(ref, declared);
    expect(result).toMatchObject({ ok: false, kind });
    if (!result.ok) expect(result.message).toContain(`"${ref}"`);
  });

  it('tells the user the long form of an ambiguous marker', () => {
    const result = resolveMarker('api:tag', declared);
    expect(result).toMatchObject({ ok: false, policy: 'default:api' });
    if (!result.ok) expect(result.message).toContain('"default:api:tag"');
  });
});
