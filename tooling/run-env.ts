import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import postgres from 'postgres';
import { migrateDatabase } from '../lib/db/migrate';
import { createRedisClient, waitUntilReady, type RedisClient } from '../lib/redis/client';
import { escapeGlob } from '../lib/redis/keys';
import { seedCatalog } from './seed/seed';

/**
 * What a test run (vitest or Playwright) needs to stand on its own: a database and a Redis key prefix of
 * its own, made here and removed again afterwards, so runs never see each other's or the demo's data.
 */

/** Lowercase hex, safe in a database name and a key prefix. */
export function randomId(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The server of DATABASE_URL (or the contract's default), with another database name. */
export function databaseUrlNamed(name: string, base = process.env.DATABASE_URL): string {
  const url = new URL(base || 'postgres://postgres@127.0.0.1:5432/storefront');
  url.pathname = `/${name}`;
  return url.toString();
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** Creates (when missing) and migrates the database, then seeds a deterministic catalog into it. */
export async function prepareDatabase(databaseUrl: string, products: number): Promise<void> {
  await migrateDatabase(databaseUrl);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    await seedCatalog(sql, { products, reset: false });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops the database even when connections are still open on it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const admin = postgres(databaseUrlNamed('postgres', databaseUrl), { max: 1, onnotice: () => {} });
  try {
    const name = databaseName(databaseUrl).replaceAll('"', '""');
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/*
 * Keys under a prefix, on every master of a Cluster: the run's Redis (the environment's) unless a caller
 * passes a client of its own (the cache's contract tests, on their standalone server or Cluster).
 */

/** Deletes every key under `prefix`, on each master when REDIS_CLUSTER_NODES names a Cluster. */
export async function deleteKeysWithPrefix(prefix: string, client?: RedisClient): Promise<number> {
  // An empty prefix would match the demo's keys (and everyone else's): refuse rather than wipe them.
  if (!prefix) throw new Error('deleteKeysWithPrefix needs a non-empty prefix');
  let deleted = 0;
  await eachKeyBatch(
    prefix,
    async (node, keys) => {
      // One UNLINK per key: on a Cluster the keys of one batch may sit in different slots.
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      await pipeline.exec();
      deleted += keys.length;
    },
    client,
  );
  return deleted;
}

/** Every key under `prefix`, sorted (to prove that a run of refused requests wrote nothing). */
export async function keysWithPrefix(prefix: string, client?: RedisClient): Promise<string[]> {
  if (!prefix) throw new Error('keysWithPrefix needs a non-empty prefix');
  const found: string[] = [];
  await eachKeyBatch(
    prefix,
    (_node, keys) => {
      found.push(...keys);
    },
    client,
  );
  return found.sort();
}

/** SCANs every master for keys under `prefix`, handing each non-empty batch to `visit`. */
async function eachKeyBatch(
  prefix: string,
  visit: (node: Redis, keys: string[]) => Promise<void> | void,
  given?: RedisClient,
): Promise<void> {
  const client = given ?? createRedisClient({ commandTimeoutMs: 5000, connectionName: 'storefront-tests' });
  if (!given) client.on('error', () => {});
  try {
    if (!given && !(await waitUntilReady(client, 5000))) throw new Error('Redis is not reachable');
    const nodes = 'nodes' in client ? client.nodes('master') : [client];
    for (const node of nodes) {
      const stream = node.scanStream({ match: `${escapeGlob(prefix)}*`, count: 500 });
      for await (const keys of stream as AsyncIterable<string[]>) {
        if (keys.length > 0) await visit(node, keys);
      }
    }
  } finally {
    if (!given) await client.quit().catch(() => client.disconnect());
  }
}
