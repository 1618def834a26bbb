import { afterEach, beforeEach, expect } from 'vitest';
import { waitUntilReady, type RedisClient, type RedisTarget } from '@/lib/redis/client';
import { cacheKeys, type CacheEntryKeys } from '@/lib/redis/keys';
import type { CacheKey } from '@/lib/cache';
import { connect, EngineFactory, testPrefix } from '@/tooling/vitest/cache/harness';
import { deleteKeysWithPrefix } from '@/tooling/run-env';

/** What every contract test gets: engines on the target, an admin connection, a key prefix of its own. */
export interface ContractContext {
  engines: EngineFactory;
  target(): RedisTarget;
  admin(): RedisClient;
  prefix(): string;
  keysOf(key: CacheKey, namespaceVersion?: string): CacheEntryKeys;
}

/** Registers the per-test setup (fresh prefix) and teardown (engines closed, the prefix's keys deleted). */
export function useContractContext(target: () => RedisTarget): ContractContext {
  const engines = new EngineFactory(target);
  let admin: RedisClient | undefined;
  let prefix = '';

  beforeEach(async () => {
    prefix = testPrefix();
    admin = connect(target());
    expect(await waitUntilReady(admin, 5000)).toBe(true);
  });

  afterEach(async () => {
    await engines.closeAll();
    if (!admin) return;
    await deleteKeysWithPrefix(prefix, admin);
    await admin.quit();
  });

  return {
    engines,
    target,
    admin: () => {
      if (!admin) throw new Error('no admin connection outside a test');
      return admin;
    },
    prefix: () => prefix,
    keysOf: (key, namespaceVersion) => cacheKeys(prefix).entry(key, namespaceVersion),
  };
}
