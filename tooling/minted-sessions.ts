import { createRedisClient, waitUntilReady, type RedisTarget } from '../lib/redis/client';
import { sessionKeys } from '../lib/redis/keys';
import { writeSessionToken } from '../lib/session/cookie';
import { SessionStore } from '../lib/session/store';

/**
 * Signed-in sessions made straight in Redis, as a login would make them, for load tests that need
 * hundreds of shoppers: a login costs a password hash by design, and a flash-sale test is not a hashing
 * benchmark. Returns each user's Cookie header.
 */
const BATCH = 25;

async function mint(store: SessionStore, userId: number, secret: string, secure: boolean): Promise<string> {
  const { token } = await store.create({ userId, role: 'shopper' });
  let cookie = '';
  const jar = { get: () => undefined, set: (name: string, value: string) => (cookie = `${name}=${value}`) };
  await writeSessionToken(jar, token, { secure, maxAgeSeconds: 3600, secret });
  return cookie;
}

export async function mintSessions(
  userIds: readonly number[],
  options: {
    prefix: string;
    secret: string;
    redisUrl?: string;
    target?: RedisTarget;
    /** Cookies for a site reached over HTTPS: the `__Host-` name, which is the one read there. */
    secure?: boolean;
  },
): Promise<string[]> {
  const redis = createRedisClient({
    target: options.target ?? { url: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  });
  redis.on('error', () => {});
  try {
    // No offline queue: a Cluster client must have its slot map before the first command.
    if (!(await waitUntilReady(redis, 10_000))) throw new Error('mintSessions: Redis is not reachable');
    const store = new SessionStore({
      redis,
      keys: sessionKeys(options.prefix),
      idleSeconds: 1800,
      absoluteSeconds: 604800,
    });
    // In batches: hundreds of scripts at once would queue past the client's deadline on a busy machine.
    const cookies: string[] = [];
    for (let start = 0; start < userIds.length; start += BATCH) {
      const batch = userIds.slice(start, start + BATCH);
      const minted = batch.map((userId) => mint(store, userId, options.secret, options.secure ?? false));
      cookies.push(...(await Promise.all(minted)));
    }
    return cookies;
  } finally {
    redis.disconnect();
  }
}
