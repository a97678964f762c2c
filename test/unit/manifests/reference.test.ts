import { describe, expect, it } from 'vitest';
import { formatReference, parseReference } from '../../../src/manifests/index.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['nginx', { name: 'nginx' }],
    ['nginx:1.25', { name: 'nginx', tag: '1.25' }],
    ['library/nginx:1.25', { name: 'library/nginx', tag: '1.25' }],
    ['localhost:5000/app', { name: 'localhost:5000/app' }],
    ['localhost:5000/app:v1', { name: 'localhost:5000/app', tag: 'v1' }],
    ['registry.example.com:5000/team/sub/app:1.0.0-rc.1', { name: 'registry.example.com:5000/team/sub/app', tag: '1.0.0-rc.1' }],
    [`app@${DIGEST}`, { name: 'app', digest: DIGEST }],
    [`host:443/app:v2@${DIGEST}`, { name: 'host:443/app', tag: 'v2', digest: DIGEST }],
    [`host:443/app@${DIGEST}`, { name: 'host:443/app', digest: DIGEST }],
    ['[::1]:5000/app:1', { name: '[::1]:5000/app', tag: '1' }],
  ])('%s', (reference, expected) => {
    expect(parseReference(reference)).toEqual(expected);
    expect(formatReference(parseReference(reference))).toBe(reference);
  });
});
