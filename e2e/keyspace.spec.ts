import { expect, test } from '@playwright/test';
import type Redis from 'ioredis';
import postgres from 'postgres';
import { BRIEF_LIVE_MINUTES, DEFAULT_BRIEF_BUDGET } from '../lib/cache';
import { createRedisClient, waitUntilReady, type RedisClient } from '../lib/redis/client';
import { escapeGlob } from '../lib/redis/keys';
import { DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { withOwnStore } from './support/own-store';

/*
 * What a stranger can grow: 20,000 distinct junk URLs (unknown products, searches, page numbers past the
 * last, odd page sizes, unknown categories, query strings on real pages), 64 in flight, at two instances on
 * a database and key prefix of this file's own (two, so both cores answer: one instance's event loop was the
 * run's bound, about 2 minutes of it). The keys under the prefix (SCAN) and their MEMORY USAGE
 * before and after: the growth stays within the budget docs/cache.md states ("What a stranger can grow"),
 * nothing the junk added outlives a few minutes, and a session signed in before is exactly as it was.
 */

test.describe.configure({ mode: 'serial', timeout: 600_000 });

const store = withOwnStore('keyspace', { products: 200, instances: 2 });

const JUNK_URLS = 20_000;
const IN_FLIGHT = 64;

/*
 * The budget (docs/cache.md): each namespace holds at most BRIEF_LIVE_MINUTES minutes' worth of brief
 * entries; five namespaces are within a stranger's reach (product, product-ref, listing, page, use-cache);
 * each brief entry brings at most one tag set of its own (a "not found" product's). Bytes: the entries'
 * values as the budget counts them, plus for every key its name and Redis's overhead, and the tag members.
 */
const PER_NAMESPACE_ENTRIES = BRIEF_LIVE_MINUTES * DEFAULT_BRIEF_BUDGET.entries;
const STRANGER_NAMESPACES = 5;
const BUDGET = {
  keys: STRANGER_NAMESPACES * PER_NAMESPACE_ENTRIES * 2 + 100,
  bytes: 48 * 1024 * 1024,
};
/** What a stranger varies lives no longer than this (a brief entry's minute, its tag's margin, the counters'). */
const LONGEST_LIFE_MS = 3 * 60_000;
/**
 * What may live longer: what any shopper reads, the catalog's own pages (a listing of the shop's page size
 * that has products, a rendered page), as many as the catalog has however many URLs are sent; and the
 * operator's hit-rate buckets, one a minute whatever the traffic (lib/redis/keys.ts).
 */
const CATALOG_OR_OPERATOR = /^(cache:listing:v\d+:\{p\d+\|n24\|s[a-z-]+\}|cache:page:\{|stats:)/;
/** How many of those this file's junk reaches: the page numbers it asks at the shop's page size, a 404 page. */
const CATALOG_PAGES_REACHED = 20;

interface Snapshot {
  /** Every key under the prefix (without it) and its MEMORY USAGE. */
  sizes: Map<string, number>;
  bytes: number;
}

async function snapshot(redis: RedisClient, prefix: string): Promise<Snapshot> {
  const keys: string[] = [];
  const scan = (redis as Redis).scanStream({ match: `${escapeGlob(prefix)}*`, count: 1000 });
  for await (const batch of scan as AsyncIterable<string[]>) keys.push(...batch);
  const sizes = new Map<string, number>();
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const replies = (await pipeline.exec()) ?? [];
    // A key that expired between SCAN and MEMORY USAGE counts 0.
    batch.forEach((key, index) => sizes.set(key.slice(prefix.length), Number(replies[index]?.[1] ?? 0)));
  }
  return { sizes, bytes: [...sizes.values()].reduce((sum, size) => sum + size, 0) };
}

/** A key's family: the key with its hash tag, version and trailing number generalised. */
const familyOf = (key: string) =>
  key
    .replace(/\{.*\}/, '{…}')
    .replace(/:v\d+:/, ':v<N>:')
    .replace(/:\d+$/, ':<n>');

/** The keys the junk added, by family. */
function added(before: Snapshot, after: Snapshot) {
  const keys = [...after.sizes.keys()].filter((key) => !before.sizes.has(key));
  const families = new Map<string, { keys: number; bytes: number }>();
  for (const key of keys) {
    const family = families.get(familyOf(key)) ?? { keys: 0, bytes: 0 };
    family.keys += 1;
    family.bytes += after.sizes.get(key)!;
    families.set(familyOf(key), family);
  }
  return { keys, families };
}

/**
 * The junk: 20,000 distinct URLs over every kind of address a stranger can make up, most of them cheap to
 * answer (JSON, or decided before rendering) so the run stays short; 1,000 render a page per request (a
 * search, an unknown category, a page past the last), more than the page parts' budget admits. Searches match real products (`<word> or junk-<n>`),
 * so their entries are as large as a real search's. Interleaved, as a crawler would send them.
 */
function junkUrls(knownSlug: string, category: string, word: string): string[] {
  const search = (i: number) => encodeURIComponent(`${word} or junk-${i}`);
  const kinds: Array<[count: number, url: (i: number) => string]> = [
    [1500, (i) => `/products/no-such-product-${i}`],
    [4500, (i) => `/api/products/no-such-api-product-${i}`],
    [3500, (i) => `/api/products?q=${search(i)}&pageSize=100`],
    [600, (i) => `/products?q=${search(i)}`],
    [3500, (i) => `/api/products?page=${1 + (i % 50)}&pageSize=${1 + Math.floor(i / 50)}&sort=price-asc`],
    [1500, (i) => `/api/products?category=no-such-category-${i}`],
    [200, (i) => `/products?category=${category}&sort=price-desc&page=${50 + i}`],
    [200, (i) => `/products?category=no-such-category-${i}`],
    [1000, (i) => `/listing/no-such-category-${i}/newest/1`],
    [1500, (i) => `/products/${knownSlug}?ref=${i}`],
    [1000, (i) => `/?utm_source=junk-${i}`],
    [1000, (i) => `/products?sort=newest&x=${i}`],
  ];
  const urls = kinds.flatMap(([count, url]) =>
    Array.from({ length: count }, (_, i) => ({ url: url(i), at: (i + 0.5) / count })),
  );
  return urls.sort((a, b) => a.at - b.at).map(({ url }) => url);
}

/** A GET's status; a kept-alive connection the server closed just as it was reused is tried once more. */
async function get(url: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}

/** Sends every path, IN_FLIGHT at a time, to the instances in turn; the count of each status. */
async function sendAll(bases: string[], paths: string[]): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next++;
      const status = await get(`${bases[index % bases.length]!}${paths[index]!}`);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return statuses;
}

test('20,000 junk URLs grow the keyspace within its budget and leave a session as it was', async ({
  playwright,
}) => {
  const base = store.instances[0]!.baseURL;
  const sql = postgres(store.databaseUrl, { max: 1, onnotice: () => {} });
  const [product] = await sql<{ slug: string }[]>`select slug from products order by id limit 1`;
  const [category] = await sql<{ slug: string }[]>`select slug from categories order by id limit 1`;
  // The catalog's most common word: a search for it matches many products.
  const [common] = await sql<{ word: string }[]>`
    select word from products, regexp_split_to_table(lower(name), '[^a-z]+') as word
    where length(word) > 3 group by word order by count(*) desc, word limit 1`;
  await sql.end({ timeout: 5 });

  const redis = createRedisClient({ commandTimeoutMs: 10_000, connectionName: 'storefront-tests' });
  redis.on('error', () => {});
  const api = await playwright.request.newContext({ baseURL: base });
  try {
    expect(await waitUntilReady(redis, 5000)).toBe(true);
    // A shopper signs in; the pages a visitor reads first are warm, as in a shop that runs.
    const login = await api.post('/api/auth/login', {
      data: { email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password },
    });
    expect(login.status()).toBe(200);
    for (const path of [
      '/',
      '/products',
      `/products/${product!.slug}`,
      `/products?category=${category!.slug}`,
    ]) {
      expect((await fetch(`${base}${path}`)).status).toBe(200);
    }
    const before = await snapshot(redis, store.prefix);
    const sessionKeys = [...before.sizes.keys()].filter((key) => key.startsWith('sess:'));
    expect(sessionKeys).toHaveLength(1);
    const sessionKey = `${store.prefix}${sessionKeys[0]!}`;
    const session = await redis.hgetall(sessionKey);

    const urls = junkUrls(product!.slug, category!.slug, common!.word);
    expect(new Set(urls).size).toBe(JUNK_URLS);
    const started = Date.now();
    const statuses = await sendAll(
      store.instances.map((instance) => instance.baseURL),
      urls,
    );
    const seconds = (Date.now() - started) / 1000;
    const after = await snapshot(redis, store.prefix);
    const grown = { keys: after.sizes.size - before.sizes.size, bytes: after.bytes - before.bytes };
    const { keys: newKeys, families } = added(before, after);
    const lives = await Promise.all(
      newKeys.map(async (key) => [key, await redis.pttl(`${store.prefix}${key}`)] as const),
    );

    console.log(
      `${JUNK_URLS} junk URLs in ${seconds.toFixed(1)} s, ${IN_FLIGHT} in flight; statuses ${JSON.stringify(statuses)}`,
    );
    console.log(
      `keyspace growth: ${grown.keys} keys, ${grown.bytes} bytes (budget ${BUDGET.keys} keys, ${BUDGET.bytes} bytes)`,
    );
    for (const [family, { keys, bytes }] of [...families].sort(([, a], [, b]) => b.bytes - a.bytes)) {
      console.log(
        `  ${family.padEnd(36)} ${String(keys).padStart(6)} new keys ${String(bytes).padStart(10)} bytes`,
      );
    }
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);

    expect(grown.keys).toBeLessThanOrEqual(BUDGET.keys);
    expect(grown.bytes).toBeLessThanOrEqual(BUDGET.bytes);
    // No namespace holds more brief entries than its budget allows, and no "not found" leaves a long tag.
    for (const [family, { keys }] of families) {
      if (family.startsWith('cache:')) expect(keys, family).toBeLessThanOrEqual(PER_NAMESPACE_ENTRIES);
    }
    const longLived = lives.filter(([, pttl]) => pttl === -1 || pttl > LONGEST_LIFE_MS).map(([key]) => key);
    expect(longLived.filter((key) => !CATALOG_OR_OPERATOR.test(key)).slice(0, 10)).toEqual([]);
    expect(longLived.length).toBeLessThanOrEqual(CATALOG_PAGES_REACHED);

    // Anonymous junk made no session, and the one signed in before is untouched and still signs in.
    expect(newKeys.filter((key) => /^(sess|cart|user):/.test(key))).toEqual([]);
    expect(await redis.hgetall(sessionKey)).toEqual(session);
    expect((await api.get('/api/auth/me')).status()).toBe(200);
  } catch (error) {
    for (const instance of store.instances) console.log(instance.output().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await api.dispose();
    redis.disconnect();
  }
});
