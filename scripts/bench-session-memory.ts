import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { sessionKeys } from '../lib/redis/keys';
import { SessionStore } from '../lib/session/store';
import { startRedisServer } from '../test/redis-server';

/*
 * What sessions cost Redis, measured as production stores them: a private redis-server (same binary,
 * default settings, removed afterwards) and no key prefix. Prints a signed-in session's MEMORY USAGE,
 * then the growth of used_memory per session over `--sessions` guest and signed-in sessions (every
 * overhead included; a signed-in one also adds its id to its user's set of sessions), scaled to 100,000.
 *
 *   node --import tsx scripts/bench-session-memory.ts [--sessions 10000]
 */

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '10000' } } });
const sessions = Number(values.sessions);
if (!Number.isInteger(sessions) || sessions < 100) throw new Error('--sessions needs a whole number ≥ 100');

const server = await startRedisServer();
const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
const keys = sessionKeys('');
const store = new SessionStore({ redis, keys, idleSeconds: 1800, absoluteSeconds: 604_800 });
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

/** used_memory growth per session, from an empty database, over `sessions` sessions made 100 at a time. */
async function perSession(owner: (index: number) => { userId: number; role: 'shopper' } | null) {
  await redis.flushall();
  const before = await usedMemory();
  for (let start = 0; start < sessions; start += 100) {
    const batch = Array.from({ length: Math.min(100, sessions - start) }, (_, i) => owner(start + i));
    await Promise.all(batch.map((who) => store.create(who)));
  }
  return ((await usedMemory()) - before) / sessions;
}

try {
  const { session } = await store.create({ userId: 123_456, role: 'shopper' });
  const hash = Number(await redis.call('MEMORY', 'USAGE', keys.session(session.id), 'SAMPLES', '0'));
  const guest = await perSession(() => null);
  const signedIn = await perSession((index) => ({ userId: index + 1, role: 'shopper' }));
  const mb = (bytes: number) => `${((bytes * 100_000) / 1e6).toFixed(1)} MB`;
  console.log(`signed-in session hash, MEMORY USAGE … SAMPLES 0: ${hash} B (100,000: ${mb(hash)})`);
  console.log(`used_memory per guest session:     ${Math.round(guest)} B (100,000: ${mb(guest)})`);
  console.log(`used_memory per signed-in session: ${Math.round(signedIn)} B (100,000: ${mb(signedIn)})`);
} finally {
  redis.disconnect();
  await server.stop();
}
