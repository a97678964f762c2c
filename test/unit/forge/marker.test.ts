import { describe, expect, it } from 'vitest';
import { markerFor, readMarker, renderMarker } from '../../../src/forge/marker.js';
import type { Change } from '../../../src/manifests/types.js';

const change = (policy: string, to: string, file = 'apps/a.yaml', part: Change['part'] = 'whole'): Change =>
  ({ file, line: 3, policy, part, image: 'r/x', from: 'r/x:1', to, rule: 'marker' }) as Change;

describe('pull request marker', () => {
  it('round-trips through a PR body and ignores file order', () => {
    const a = markerFor([change('apps:web', 'r/web:2'), change('apps:api', 'r/api:5', 'apps/b.yaml')]);
    const b = markerFor([change('apps:api', 'r/api:5', 'apps/b.yaml'), change('apps:web', 'r/web:2')]);
    expect(a.fingerprint).toBe(b.fingerprint);
    const body = `table\n\n${renderMarker(a)}\n`;
    expect(readMarker(body)).toEqual(a);
    expect(body).not.toMatch(/<!--[\s\S]*--[^>][\s\S]*-->/);
  });

  it('tells other versions apart', () => {
    expect(markerFor([change('apps:web', 'r/web:2')]).fingerprint).not.toBe(markerFor([change('apps:web', 'r/web:3')]).fingerprint);
    expect(markerFor([change('apps:web', '2', 'a', 'tag')]).fingerprint).not.toBe(markerFor([change('apps:web', '2', 'a', 'digest')]).fingerprint);
  });

  it('reads nothing from a body without one, or with a broken one', () => {
    expect(readMarker('just text')).toBeUndefined();
    expect(readMarker('<!-- imagebump:state {"fingerprint": -->')).toBeUndefined();
  });
});
