import { CartStore } from '../../lib/cart/store';
import { createRedisClient, waitUntilReady, type RedisClient } from '../../lib/redis/client';
import { sessionKeys } from '../../lib/redis/keys';
import { SessionStore, type SessionOwner } from '../../lib/session/store';
import { byMode, type BenchContext, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * What sessions cost Redis, measured as production stores them: the real SessionStore and CartStore, the
 * production client's options, no key prefix (the key names' bytes are paid per session), on the run's own
 * redis-server (flushed before each population and at the end). Bytes per key by MEMORY USAGE; growth of
 * used_memory over a whole population of guest and of signed-in sessions (every overhead included; a
 * signed-in one also adds its id to its user's set of sessions); then reads, logins and cart adds per
 * second from concurrent in-process callers on one connection, as an instance makes them.
 */

const IDLE_SECONDS = 1800;
const ABSOLUTE_SECONDS = 604_800;
const USER_CART_TTL_MS = 30 * 24 * 3600 * 1000;
const TARGET_SESSIONS = 100_000;
/** Calls in flight at once: an instance's share of a busy shop's requests. */
const CALLERS = 32;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function usedMemory(redis: RedisClient): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
}

const memoryUsage = async (redis: RedisClient, key: string) =>
  Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));

/** Runs `task(index)` for `count` indexes with CALLERS in flight; returns nothing but time. */
async function inParallel(count: number, task: (index: number) => Promise<unknown>, onDone?: () => void) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let index = next++; index < count; index = next++) {
        await task(index);
        onDone?.();
      }
    }),
  );
}

/** Calls of `task` that CALLERS concurrent callers complete per second over `seconds`. */
async function perSecond(seconds: number, task: (call: number) => Promise<unknown>): Promise<number> {
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < deadline) await task(calls++);
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

interface Population {
  sessions: number;
  bytesPerSession: number;
  tokens: string[];
}

/** used_memory growth per session, from an empty Redis, over `sessions` sessions. */
async function population(
  context: BenchContext,
  store: SessionStore,
  redis: RedisClient,
  sessions: number,
  owner: (index: number) => SessionOwner | null,
): Promise<Population> {
  await redis.flushall();
  const before = await usedMemory(redis);
  const tokens: string[] = new Array<string>(sessions);
  const kind = owner(0) ? 'signed-in' : 'guest';
  const progress = context.progress(`${kind} sessions`, sessions);
  await inParallel(
    sessions,
    async (index) => (tokens[index] = (await store.create(owner(index))).token),
    () => progress.increment(),
  );
  progress.stop();
  return { sessions, bytesPerSession: ((await usedMemory(redis)) - before) / sessions, tokens };
}

export const sessionsPart: BenchPart = {
  id: 'sessions',
  title: 'Sessions: bytes per session, used_memory for 100,000 sessions, reads and writes per second',
  async run(context) {
    const redis = createRedisClient({ target: { url: context.redisUrl }, connectionName: 'bench-sessions' });
    context.defer('close the sessions client', () => redis.quit().catch(() => redis.disconnect()));
    // The production client has no offline queue: commands before the connection is up would fail.
    if (!(await waitUntilReady(redis, 5000))) throw new Error("the run's Redis did not answer");
    const keys = sessionKeys('');
    const store = new SessionStore({
      redis,
      keys,
      idleSeconds: IDLE_SECONDS,
      absoluteSeconds: ABSOLUTE_SECONDS,
    });
    const carts = new CartStore(redis);
    const cartOf = (userId: number) => ({ key: keys.userCart(userId), ttlMs: USER_CART_TTL_MS });

    // One of each key, as a signed-in shopper with a 3-line cart has them.
    await redis.flushall();
    const signedIn = await store.create({ userId: 123_456, role: 'shopper' });
    const guest = await store.create(null);
    for (const productId of [101, 2_002, 9_876]) await carts.add(cartOf(123_456), productId, 2, 99);
    const keyBytes = {
      signedIn: await memoryUsage(redis, keys.session(signedIn.session.id)),
      guest: await memoryUsage(redis, keys.session(guest.session.id)),
      userSessions: await memoryUsage(redis, keys.userSessions(123_456)),
      cart: await memoryUsage(redis, keys.userCart(123_456)),
    };

    const sessions = byMode(context.mode, { full: TARGET_SESSIONS, quick: 20_000, smoke: 500 });
    const guests = await population(context, store, redis, sessions, () => null);
    const users = await population(context, store, redis, sessions, (index) => ({
      userId: index + 1,
      role: 'shopper',
    }));

    // On the signed-in population: reads of random live sessions, logins of new users, cart adds.
    const seconds = byMode(context.mode, { full: 10, quick: 5, smoke: 1 });
    const tokens = users.tokens;
    const reads = await perSecond(seconds, async () => {
      // A read that found nothing would be measuring the wrong thing.
      if (!(await store.read(tokens[Math.floor(Math.random() * tokens.length)]!))) {
        throw new Error('a live session read as missing');
      }
    });
    const writes = await perSecond(seconds, (call) =>
      store.create({ userId: sessions + 1 + call, role: 'shopper' }),
    );
    const cartAdds = await perSecond(seconds, (call) =>
      carts.add(cartOf((call % sessions) + 1), 1 + (call % 500), 1, 99),
    );
    await redis.flushall();

    const measured = sessions === TARGET_SESSIONS;
    const scale = TARGET_SESSIONS / sessions;
    const how = measured ? 'measured' : `${sessions.toLocaleString('en')} measured, scaled`;
    const memory: Table = {
      title: 'Memory per session (production key names, no prefix)',
      columns: ['what', 'bytes', '100,000 of them'],
      rows: [
        [
          'signed-in session hash (MEMORY USAGE … SAMPLES 0)',
          keyBytes.signedIn,
          megabytes(keyBytes.signedIn * 1e5),
        ],
        ['guest session hash (MEMORY USAGE)', keyBytes.guest, megabytes(keyBytes.guest * 1e5)],
        [
          "a user's set of sessions, one entry (MEMORY USAGE)",
          keyBytes.userSessions,
          megabytes(keyBytes.userSessions * 1e5),
        ],
        ['a signed-in cart of 3 lines (MEMORY USAGE)', keyBytes.cart, megabytes(keyBytes.cart * 1e5)],
        [
          `used_memory per guest session (${how})`,
          Math.round(guests.bytesPerSession),
          megabytes(guests.bytesPerSession * sessions * scale),
        ],
        [
          `used_memory per signed-in session (${how})`,
          Math.round(users.bytesPerSession),
          megabytes(users.bytesPerSession * sessions * scale),
        ],
      ],
      note:
        "MEMORY USAGE is one key's bytes; used_memory growth adds the keyspace's per-key overhead (dictionary " +
        "entry, expiry) and, for a signed-in session, its user's set of sessions: size Redis by the used_memory rows.",
    };
    const throughput: Table = {
      title: `Session operations per second, ${CALLERS} concurrent in-process callers on one connection, ${seconds} s each`,
      columns: ['operation', 'Redis round trips', 'per second'],
      rows: [
        ['read a session (every request): the touch script, sliding expiry', 1, Math.round(reads)],
        [
          "create a signed-in session (login): MULTI ZADD+EXPIRE, create script, prune the user's set",
          5,
          Math.round(writes),
        ],
        ['add a cart line (signed in): the add script', 1, Math.round(cartAdds)],
      ],
      note:
        'Each figure is one Node.js process driving one Redis on a shared 2-core machine, so it bounds what one ' +
        'instance can ask of Redis rather than what Redis can do; a read is the only session cost of most requests.',
    };
    return {
      tables: [memory, throughput],
      figures: {
        session_bytes: keyBytes.signedIn,
        session_bytes_guest: keyBytes.guest,
        cart_bytes_3_lines: keyBytes.cart,
        session_used_memory_bytes_guest: Math.round(guests.bytesPerSession),
        session_used_memory_bytes_signed_in: Math.round(users.bytesPerSession),
        session_used_memory_mb_100k_signed_in: round((users.bytesPerSession * TARGET_SESSIONS) / 1e6),
        session_reads_per_second: Math.round(reads),
        session_writes_per_second: Math.round(writes),
        cart_adds_per_second: Math.round(cartAdds),
      },
    };
  },
};
