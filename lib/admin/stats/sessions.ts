import type Redis from 'ioredis';
import type { RedisClient } from '../../redis/client';
import { escapeGlob } from '../../redis/keys';
import { sessionKeys } from '../../redis/keys';

/*
 * Live sessions, counted without KEYS (which blocks Redis for the whole keyspace): a SCAN of the session
 * pattern in bounded steps. The session store keeps no counter of its own, so past the budget the figure
 * is a lower bound ("at least"), with DBSIZE (every key, caches included) as the upper one. Each step
 * walks `count` keys of the keyspace, so a page view costs Redis at most `count × maxCalls` key visits.
 */

export interface SessionCount {
  /** Session keys seen (SCAN may rarely report one twice while Redis resizes its table). */
  count: number;
  /** False when the budget ran out first: `count` is then a lower bound. */
  complete: boolean;
  /** Keys in the whole database: an upper bound. */
  dbsize: number;
}

export interface SessionCountOptions {
  count?: number;
  maxCalls?: number;
}

/** The SCAN pattern of every session key under `prefix`. */
const sessionPattern = (prefix: string) => sessionKeys(escapeGlob(prefix)).session('*');

export async function countSessions(
  client: RedisClient,
  prefix: string,
  { count = 1000, maxCalls = 20 }: SessionCountOptions = {},
): Promise<SessionCount> {
  const nodes: (Redis | RedisClient)[] = 'nodes' in client ? client.nodes('master') : [client];
  const pattern = sessionPattern(prefix);
  let found = 0;
  let complete = true;
  let dbsize = 0;
  for (const node of nodes) {
    let cursor = '0';
    let calls = 0;
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      found += keys.length;
      calls += 1;
    } while (cursor !== '0' && calls < maxCalls);
    if (cursor !== '0') complete = false;
    dbsize += await node.dbsize();
  }
  return { count: found, complete, dbsize };
}
