import { parseInfo } from '../stats/redis-info';
import { hitRate, readCacheCounters } from '../stats/cache-counters';
import { getMetricsRegistry } from '../../metrics/registry';
import { sessionKeys } from '../../redis/keys';
import { SessionStore } from '../../session/store';
import { DEMO_TTL_MS, timed, type Step } from './step-kit';
import { formatMs } from './format';

/*
 * Steps 5 and 6: a session hash written by the storefront's own session store (its createSession script),
 * and the hit rates, read as the operator's view reads them (lib/admin/stats).
 */

/** The design's budget for one session in Redis. */
const SESSION_BUDGET_BYTES = 500;
/** A user id no account has: the demo's session belongs to nobody (and its prefix is not the shop's). */
const DEMO_USER_ID = 0;

export const sessionHash: Step = {
  title: 'A session hash',
  explanation:
    'A session is a small hash (user id, role, created, refreshed), written whole with its TTL by the session store’s script. Reading one field is an HGET; keeping the session alive rewrites one field, not the whole session; EXPIRE slides its idle timeout; MEMORY USAGE shows what it costs.',
  async run({ redis, prefix }) {
    const keys = sessionKeys(prefix);
    const seconds = DEMO_TTL_MS / 1000;
    const store = new SessionStore({ redis, keys, idleSeconds: seconds, absoluteSeconds: seconds });
    const { session } = await store.create({ userId: DEMO_USER_ID, role: 'shopper' });
    const key = keys.session(session.id);
    const role = await timed(() => redis.hget(key, 'r'));
    await redis.hset(key, 't', Date.now());
    await redis.expire(key, seconds);
    const bytes = Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
    return `HGET of one field ${formatMs(role.ms)} (role "${role.value ?? ''}"); MEMORY USAGE ${bytes} bytes, against the design’s budget of ${SESSION_BUDGET_BYTES}: ${bytes <= SESSION_BUDGET_BYTES ? 'within it' : 'over it'}.`;
  },
};

const percent = (ratio: number | null) =>
  ratio === null ? 'no lookups yet' : `${(ratio * 100).toFixed(1)} %`;

export const hitRates: Step = {
  title: 'The hit rate',
  explanation:
    'Redis counts every key lookup of every client since it started (INFO stats: keyspace_hits, keyspace_misses): sessions, locks and carts too. The engine counts its own reads per namespace; the product pages’ figure of this instance is the one to watch (aim: 90 % or more).',
  async run({ redis }) {
    const info = parseInfo(await redis.info('stats'));
    const hits = Number(info.get('keyspace_hits') ?? 0);
    const misses = Number(info.get('keyspace_misses') ?? 0);
    const counters = await readCacheCounters(getMetricsRegistry());
    const product = counters.find((namespace) => namespace.namespace === 'product');
    const engine =
      product && product.hitRate !== null
        ? `${percent(product.hitRate)} (${product.hit} hits, ${product.miss} misses, ${product.stale} stale)`
        : 'no product page read yet';
    return `Redis keyspace: ${hits} hits, ${misses} misses, ${percent(hitRate(hits, misses, 0))} · the engine’s product pages on this instance: ${engine}.`;
  },
};
