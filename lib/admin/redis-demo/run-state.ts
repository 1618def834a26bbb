import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { RedisClient } from '../../redis/client';
import { demoKeys, escapeGlob } from '../../redis/keys';
import { DEMO_TTL_MS } from './step-kit';
import type { LogLine, ProductTrace } from './types';

/*
 * An admin's demo run, kept in Redis (demoKeys().run) rather than in this process, so that "Step" works
 * whichever instance answers the next click, with or without JavaScript. A run owns a key prefix of its own;
 * every key under it is capped to the demo's TTL after each action, including those the engine gives a
 * week (generation and tag keys), so a run leaves nothing behind.
 */

export interface DemoRun {
  runId: string;
  products: string[];
  /** Index of the next step to run (0-based). */
  next: number;
  summaries: string[];
  log: LogLine[];
  trace: ProductTrace | null;
}

export function newRun(products: string[]): DemoRun {
  return { runId: randomBytes(6).toString('hex'), products, next: 0, summaries: [], log: [], trace: null };
}

export const runPrefix = (run: DemoRun) => demoKeys().runPrefix(run.runId);

export async function loadRun(redis: RedisClient, userId: number): Promise<DemoRun | null> {
  const raw = await redis.get(demoKeys().run(userId));
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as DemoRun;
  } catch {
    return null; // written by an older layout: start over
  }
}

export async function saveRun(redis: RedisClient, userId: number, run: DemoRun): Promise<void> {
  await redis.set(demoKeys().run(userId), JSON.stringify(run), 'PX', DEMO_TTL_MS);
}

/** Every key under the run's prefix, on every master of a Cluster (SCAN, never KEYS). */
async function runKeys(redis: RedisClient, run: DemoRun): Promise<string[]> {
  const nodes: (Redis | RedisClient)[] = 'nodes' in redis ? redis.nodes('master') : [redis];
  const pattern = `${escapeGlob(runPrefix(run))}*`;
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
  }
  return keys;
}

/** Gives every key of the run at most the demo's TTL (a key with a shorter one keeps it). */
export async function capRunKeys(redis: RedisClient, run: DemoRun): Promise<void> {
  const keys = await runKeys(redis, run);
  await Promise.all(
    keys.map(async (key) => {
      const ttl = await redis.pttl(key);
      if (ttl === -1 || ttl > DEMO_TTL_MS) await redis.pexpire(key, DEMO_TTL_MS);
    }),
  );
}

/** Deletes the run and every key it wrote. */
export async function dropRun(redis: RedisClient, userId: number, run: DemoRun): Promise<void> {
  const keys = await runKeys(redis, run);
  // One UNLINK per key: on a Cluster they sit in different slots.
  await Promise.all([...keys, demoKeys().run(userId)].map((key) => redis.unlink(key)));
}
