import { randomUUID } from 'node:crypto';
import { cacheKey } from '../../cache';
import {
  acquireLockScript,
  createEnvelope,
  encodeEnvelope,
  expiryFor,
  invalidateEntryScript,
  releaseLockScript,
  resolveSettings,
  writeIfGenerationScript,
} from '../../cache/internals';
import { productDetailKey, productDetailSchema } from '../../catalog/cache-keys';
import { loadProductDetail } from '../../catalog/load';
import { runScript } from '../../redis/lua';
import { cacheKeys } from '../../redis/keys';
import { DEMO_TTL_MS, DEMO_TTL_POLICY, firstProduct, timed, type Step } from './step-kit';
import { formatMs } from './format';

/*
 * Steps 1–4: the cache's patterns, run with the storefront's own key builders (cacheKeys, productDetailKey),
 * loader (loadProductDetail), TTL rule (expiryFor) and Lua scripts, on the run's prefix.
 */

/** The engine's load lock TTL, its default as lib/cache/options.ts resolves it. */
const LOCK_TTL_MS = resolveSettings({}).lockTtlMs;
const JITTER_KEYS = 10;

export const cacheAside: Step = {
  title: 'Cache-aside: miss, load, store, hit',
  explanation:
    'A product page asks Redis first. On a miss the loader’s SQL runs (lib/catalog/load.ts: the product, its rating, latest reviews and related products), the answer is stored with a jittered TTL, and the next read is one GET.',
  async run({ redis, prefix, products }) {
    const slug = firstProduct(products);
    const { value: key } = cacheKeys(prefix).entry(productDetailKey(slug));
    const miss = await timed(() => redis.get(key));
    const loadStartedAt = Date.now();
    const load = await timed(() => loadProductDetail(slug));
    const expiry = expiryFor(false, DEMO_TTL_POLICY, Date.now());
    const envelope = createEnvelope(load.value, productDetailSchema, loadStartedAt, expiry);
    await redis.set(key, encodeEnvelope(envelope), 'EX', Math.ceil(expiry.px / 1000));
    const hit = await timed(() => redis.get(key));
    const found = (reply: string | null) => (reply === null ? 'miss' : 'hit');
    return `GET ${found(miss.value)} ${formatMs(miss.ms)} · the loader’s SQL ${formatMs(load.ms)} · GET ${found(hit.value)} ${formatMs(hit.ms)}: the cached read took ${(load.ms / hit.ms).toFixed(0)}× less time than the load.`;
  },
};

export const stampedeLock: Step = {
  title: 'The stampede lock',
  explanation:
    'Two readers miss the same cold entry at once. The acquire-lock script’s SET NX PX lets exactly one of them load; the other is refused and waits for the value. The winner releases the lock with a compare-and-delete script, so it can never delete a successor’s lock.',
  async run({ redis, prefix, products }) {
    const keys = cacheKeys(prefix).entry(productDetailKey(firstProduct(products, 1)));
    const scriptKeys = [keys.value, keys.generation, keys.lock];
    const [winner, loser] = [randomUUID(), randomUUID()];
    // Both sent together, as two instances missing in the same moment: Redis runs one script at a time.
    const [first, second] = await Promise.all(
      [winner, loser].map((token) => runScript(redis, acquireLockScript, scriptKeys, [token, LOCK_TTL_MS])),
    );
    const acquired = (reply: unknown) => (Array.isArray(reply) && reply[0] === 1 ? 'took it' : 'was refused');
    const released = await runScript(redis, releaseLockScript, [keys.lock], [winner]);
    return `First reader ${acquired(first)}, second reader ${acquired(second)}; the release script deleted the lock: ${released === 1 ? 'yes' : 'no'}.`;
  },
};

export const ttlJitter: Step = {
  title: 'TTL jitter',
  explanation:
    'Ten entries written in the same moment get TTL ± jitter (lib/cache/ttl.ts, here 300 s ± 25 s, the production 3600 s ± 300 s scaled down), so they do not all expire, and reload, in the same second.',
  async run({ redis, prefix }) {
    const keyOf = (index: number) => cacheKeys(prefix).entry(cacheKey('jitter', String(index))).value;
    const indexes = [...Array(JITTER_KEYS).keys()];
    await Promise.all(
      indexes.map((index) => {
        const { px } = expiryFor(false, DEMO_TTL_POLICY, Date.now());
        return redis.set(keyOf(index), `entry ${index}`, 'PX', px);
      }),
    );
    const ttls = await Promise.all(indexes.map((index) => redis.ttl(keyOf(index))));
    const [low, high] = [Math.min(...ttls), Math.max(...ttls)];
    return `${JITTER_KEYS} keys written together expire between ${low} s and ${high} s from now: ${high - low} s apart, ${new Set(ttls).size} different TTLs.`;
  },
};

export const invalidation: Step = {
  title: 'Invalidation',
  explanation:
    'An admin saves the product (the demo writes no catalog row: this starts just after that commit). The engine’s invalidate-entry script DELs the value and bumps its generation in one step; a load that read the old row before the commit then cannot write it back (write-if-generation refuses), and the next read misses.',
  async run({ redis, prefix, products }) {
    const keys = cacheKeys(prefix).entry(productDetailKey(firstProduct(products)));
    const before = await redis.get(keys.value);
    const generation = (await redis.get(keys.generation)) ?? '0';
    const bumped = await runScript(
      redis,
      invalidateEntryScript,
      [keys.value, keys.generation],
      [DEMO_TTL_MS],
    );
    // The late write of a load that began before the save: it still carries the old generation.
    const late = await runScript(
      redis,
      writeIfGenerationScript,
      [keys.value, keys.generation, keys.lock],
      [generation, before ?? '{}', DEMO_TTL_POLICY.ttlMs, ''],
    );
    const after = await timed(() => redis.get(keys.value));
    return `Generation ${generation} → ${String(bumped)}; the late write with generation ${generation} was ${late === 1 ? 'stored (!)' : 'refused'}; the next GET ${after.value === null ? 'missed' : 'hit'} (${formatMs(after.ms)}), so the next reader loads the new row.`;
  },
};
