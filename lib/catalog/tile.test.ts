import { describe, expect, it } from 'vitest';
import { inlineProductTileSvg, parseTileId, productTileSvg, tileIdOfPath } from './tile';
import { productImagePath } from './format';

describe('parseTileId', () => {
  it('reads a positive integer, with or without the .svg extension', () => {
    expect(parseTileId('123.svg')).toBe(123);
    expect(parseTileId('7')).toBe(7);
  });

  it('rejects anything else', () => {
    for (const segment of [
      '0',
      '0.svg',
      '-1.svg',
      'abc.svg',
      '1.5.svg',
      '012.svg',
      '12.png',
      '',
      '9'.repeat(16),
    ]) {
      expect(parseTileId(segment)).toBeUndefined();
    }
  });
});

describe('productTileSvg', () => {
  it('draws the same tile for the same id, with no text to lay out', () => {
    expect(productTileSvg(42)).toBe(productTileSvg(42));
    expect(productTileSvg(42)).not.toContain('<text');
    expect(productTileSvg(42)).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('gives neighbouring ids different colours', () => {
    const fill = (id: number) =>
      /<rect width="400" height="400" fill="([^"]+)"/.exec(productTileSvg(id))?.[1];
    expect(fill(1)).not.toBe(fill(2));
  });
});

describe('inlineProductTileSvg', () => {
  it('is the same drawing as the file, sized by its box and hidden from assistive technology', () => {
    const shapes = (svg: string) => svg.replace(/^<svg[^>]*>/, '');
    expect(shapes(inlineProductTileSvg(42))).toBe(shapes(productTileSvg(42)));
    expect(inlineProductTileSvg(42)).toMatch(/^<svg [^>]*width="100%" height="100%"[^>]*aria-hidden="true"/);
    expect(inlineProductTileSvg(42)).not.toContain('xmlns');
  });
});

describe('tileIdOfPath', () => {
  it('reads the id of a tile’s own path', () => {
    expect(tileIdOfPath(productImagePath(42))).toBe(42);
    expect(tileIdOfPath('/images/products/7.svg')).toBe(7);
  });

  it('leaves every other image to an <img>', () => {
    for (const src of [
      '/images/products/42.svg?v=2',
      '/images/products/42.png',
      '/images/products/0.svg',
      '/images/products/1/2.svg',
      '/images/kettle.svg',
      'https://example.com/images/products/42.svg',
      '/images/products/.svg',
    ]) {
      expect(tileIdOfPath(src), src).toBeUndefined();
    }
  });
});
