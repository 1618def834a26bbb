import { describe, expect, it } from 'vitest';
import { parseTileId, productTileSvg } from './tile';

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
