import { describe, expect, it } from 'vitest';
import { parseListingParams } from './query';

describe('parseListingParams', () => {
  it('fills the defaults: page 1 of 24, newest first', () => {
    expect(parseListingParams({})).toEqual({ ok: true, query: { page: 1, pageSize: 24, sort: 'newest' } });
  });

  it('sorts a search by relevance unless told otherwise, and tidies the search text', () => {
    const parsed = parseListingParams({ q: '  oak   board ' });
    expect(parsed).toMatchObject({ ok: true, query: { q: 'oak board', sort: 'relevance' } });
    expect(parseListingParams({ q: 'oak', sort: 'price-asc' })).toMatchObject({
      query: { sort: 'price-asc' },
    });
  });

  it('ignores pageSize on pages and accepts it, up to 100, on the API', () => {
    expect(parseListingParams({ pageSize: '50' })).toMatchObject({ query: { pageSize: 24 } });
    expect(parseListingParams({ pageSize: '50' }, { allowPageSize: true })).toMatchObject({
      query: { pageSize: 50 },
    });
    expect(parseListingParams({ pageSize: '1000' }, { allowPageSize: true })).toMatchObject({
      ok: false,
      fields: { pageSize: expect.stringContaining('100') },
    });
  });

  it.each([
    ['page', '-1'],
    ['page', 'abc'],
    ['page', '0'],
    ['page', '1.5'],
    ['page', '99999999'],
    ['category', 'Not A Slug!'],
    ['sort', 'random'],
    ['q', 'x'.repeat(10_000)],
    // What /products?q=%00 hands the page: refused here, so it never reaches PostgreSQL (a 500 before).
    ['q', '\u0000'],
    ['q', 'oak\u001bboard'],
    ['q', 'oak\ud800'],
    ['category', '\u0000'],
    ['page', '99999999999999999999'],
  ])('refuses %s=%s with a message naming the field', (name, value) => {
    const parsed = parseListingParams({ [name]: value });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.fields)).toEqual([name]);
  });

  it('treats blanks as absent and takes the first of repeated values', () => {
    expect(parseListingParams({ page: '', q: '', category: '' })).toMatchObject({
      ok: true,
      query: { page: 1 },
    });
    expect(parseListingParams({ page: ['2', '3'] })).toMatchObject({ query: { page: 2 } });
  });
});
