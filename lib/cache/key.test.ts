import { describe, expect, it } from 'vitest';
import { cacheKey, checkTag, InvalidCacheKeyError } from './key';

describe('cacheKey', () => {
  it('names an entry by namespace and id, versioned on request', () => {
    expect(cacheKey('product', 'red-shoe')).toEqual({
      namespace: 'product',
      id: 'red-shoe',
      versioned: false,
    });
    expect(cacheKey('listing', 'p1', { versioned: true }).versioned).toBe(true);
  });

  it('rejects bad namespaces and ids, and the namespace reserved for tags', () => {
    expect(() => cacheKey('Product:x', 'a')).toThrow(InvalidCacheKeyError);
    expect(() => cacheKey('product', '')).toThrow(InvalidCacheKeyError);
    expect(() => cacheKey('tag', 'a')).toThrow(InvalidCacheKeyError);
  });

  it('rejects empty tags', () => {
    expect(checkTag('product:a')).toBe('product:a');
    expect(() => checkTag('')).toThrow(InvalidCacheKeyError);
  });
});
