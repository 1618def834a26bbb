import { describe, expect, it } from 'vitest';
import { cacheKeys, type CacheEntryName } from './keys';

const hashTag = (key: string) => key.slice(key.indexOf('{') + 1, key.indexOf('}'));
// What lib/cache's cacheKey() builds (the cache is a layer above; its checks are tested there).
const cacheKey = (namespace: string, id: string, { versioned = false } = {}): CacheEntryName => ({
  namespace,
  id,
  versioned,
});

describe('cache keys', () => {
  it("puts an entry's value, generation and lock under one hash tag", () => {
    const keys = cacheKeys('p:').entry(cacheKey('product', 'red-shoe'));
    expect(keys).toEqual({
      value: 'p:cache:product:{red-shoe}',
      generation: 'p:cache:product:{red-shoe}:gen',
      lock: 'p:lock:cache:product:{red-shoe}',
    });
    expect(new Set(Object.values(keys).map(hashTag))).toEqual(new Set(['red-shoe']));
  });

  it('folds the namespace version into versioned keys', () => {
    const key = cacheKey('listing', 'page=2', { versioned: true });
    expect(cacheKeys('').entry(key, '7').value).toBe('cache:listing:v7:{page=2}');
    expect(() => cacheKeys('').entry(key)).toThrow(TypeError);
  });

  it('escapes braces so an id cannot move the hash tag', () => {
    const keys = cacheKeys('').entry(cacheKey('product', 'a}b{c'));
    expect(keys.value).toBe('cache:product:{a%7Db%7Bc}');
    expect(hashTag(keys.lock)).toBe(hashTag(keys.value));
  });

  it('stores a long id under its hash', () => {
    const keys = cacheKeys('').entry(cacheKey('listing', 'q='.padEnd(5000, 'x'), { versioned: true }), '1');
    expect(keys.value).toMatch(/^cache:listing:v1:\{sha256:[0-9a-f]{64}\}$/);
  });

  it("puts a tag's member set and invalidation time under one hash tag", () => {
    expect(cacheKeys('p:').tag('product:red-shoe')).toEqual({
      members: 'p:cache:tag:{product:red-shoe}:entries',
      invalidatedAt: 'p:cache:tag:{product:red-shoe}:at',
    });
    const keys = cacheKeys('').tag('a{b}');
    expect(hashTag(keys.invalidatedAt)).toBe(hashTag(keys.members));
  });
});
