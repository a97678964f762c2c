import { describe, expect, it } from 'vitest';
import { decodeErrorDetail, decodeTagPage, decodeToken } from '../../../src/registry/schema.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('decodeTagPage', () => {
  it('keeps valid tags in order and drops and counts the rest', () => {
    const page = decodeTagPage(json({ name: 'a/b', tags: ['1.0', 7, null, 'v2', 'has space', '', '-x', 'x'.repeat(129), 'ok_1-2.3'] }));
    expect(page).toEqual({ ok: true, value: { tags: ['1.0', 'v2', 'ok_1-2.3'], dropped: 6 } });
  });

  it.each([
    ['null', { name: 'a', tags: null }],
    ['missing', { name: 'a' }],
  ])('treats %s tags as an empty repository', (_name, body) => {
    expect(decodeTagPage(json(body))).toEqual({ ok: true, value: { tags: [], dropped: 0 } });
  });

  it.each([
    ['not JSON', Buffer.from('<html>'), /not JSON/],
    ['tags not an array', json({ tags: 'latest' }), /tags/],
    ['not an object', json(['latest']), /body/],
  ])('reports %s as a problem', (_name, body, problem) => {
    const page = decodeTagPage(body);
    expect(page.ok).toBe(false);
    expect(page.ok ? '' : page.problem).toMatch(problem);
  });
});

describe('decodeToken', () => {
  it.each([
    [{ token: 't1', expires_in: 300 }, { token: 't1', expiresInSeconds: 300 }],
    [{ access_token: 't2' }, { token: 't2', expiresInSeconds: undefined }],
    [{ token: 't3', access_token: 'other', expires_in: '120' }, { token: 't3', expiresInSeconds: 120 }],
    [{ token: 't4', expires_in: 'soon' }, { token: 't4', expiresInSeconds: undefined }],
    [{ token: 't5', expires_in: -5 }, { token: 't5', expiresInSeconds: undefined }],
  ])('%j', (body, value) => {
    expect(decodeToken(json(body))).toEqual({ ok: true, value });
  });

  it('reports a body without a token, without quoting the body', () => {
    const decoded = decodeToken(json({ token: '', details: 'secret-ish' }));
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.problem).not.toContain('secret-ish');
  });
});

describe('decodeErrorDetail', () => {
  it('returns the first error of a Distribution error body', () => {
    expect(decodeErrorDetail(json({ errors: [{ code: 'NAME_UNKNOWN', message: 'm', detail: {} }, { code: 'X' }] })))
      .toEqual({ code: 'NAME_UNKNOWN', message: 'm' });
  });

  it.each([[Buffer.from('nope')], [json({ errors: [] })], [json({ message: 'x' })]])('returns nothing for %s', (body) => {
    expect(decodeErrorDetail(body)).toBeUndefined();
  });
});
