import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cartCount,
  checkOrders,
  checkSessionsAndCarts,
  figures,
  printDrill,
  signedIn,
  timeUntil,
} from './support/checks';
import { failures, ShopperLoad, sleep } from './support/load';
import { addToCart, checkout, probe, productPageCached } from './support/probes';
import { startDrillStack, type DrillStack } from '../tooling/stack';

/*
 * Drills 3, 4 and 5: the session Redis killed (-9) and restarted from its append-only file, both Redis (the
 * cache's and the sessions') stopped for 20 s, PostgreSQL stopped for 20 s. PostgreSQL is a private cluster
 * of this file's own (never the machine's shared server). Under a load of signed-in shoppers through nginx.
 */

const OUTAGE_MS = 20_000;
let stack: DrillStack;
// The load browses the first 30 products; the rest stay out of the cache for the checks below.
const loadProducts = () => stack.products.slice(0, 30);
const unloaded = (index: number) => stack.products[30 + index]!;

beforeAll(async () => {
  stack = await startDrillStack({ instances: 2, privatePostgres: true });
});

afterEach((context) => {
  // What the processes said is the only clue to a failed drill once its directory is gone.
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

describe.sequential('dependencies', () => {
  it('drill 3: the session Redis killed (-9) and restarted from its AOF keeps every session and cart older than 2 s', async () => {
    const redis = stack.topology.sessionRedis;
    const markers = await stack.newShoppers(6);
    for (const [index, marker] of markers.entries()) {
      expect((await addToCart(stack, marker, stack.products[index]!.id, 2)).status).toBe(200);
    }
    const load = new ShopperLoad({
      url: stack.url,
      shoppers: await stack.newShoppers(16),
      products: loadProducts(),
    });
    await sleep(4000); // every marker's session and cart is now older than 2 s
    const killedAt = Date.now();
    await redis.kill();
    const pages = [];
    while (Date.now() - killedAt < 5000) {
      pages.push(await probe(stack, `/products/${stack.products[0]!.slug}`, { cookie: markers[0]!.cookie }));
      await sleep(250);
    }
    const restartedAt = Date.now();
    await redis.start();
    const sessionsBackMs = await timeUntil('sessions after the restart', 30_000, async () => {
      for (const marker of markers) if (!(await signedIn(stack, marker))) return false;
      return true;
    });
    await sleep(3000);
    const report = await load.stop();

    const carts = await Promise.all(markers.map((marker) => cartCount(stack, marker)));
    const sessions = await checkSessionsAndCarts(stack, report);
    const orders = await checkOrders(stack.sql, report);
    printDrill('3 session Redis kill -9, restart from AOF', {
      ...figures(report.records),
      pageFailures: failures(report.records, ['page']).length,
      probePagesDuringOutage: `${pages.filter((page) => page.status === 200).length}/${pages.length} 200`,
      outageMs: restartedAt - killedAt,
      sessionsBackAfterRestartMs: sessionsBackMs,
      orders: orders.total,
    });
    expect(pages.map((page) => page.status)).toEqual(pages.map(() => 200));
    expect(failures(report.records, ['page'])).toEqual([]);
    expect(carts).toEqual(markers.map(() => 2));
    // The load's carts may lose the writes of the last second before the kill (appendfsync everysec);
    // its sessions, minted long before, may not.
    expect(sessions.signedOut).toEqual([]);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
  });

  it('drill 4: both Redis stopped for 20 s: pages 200 under 1 s, personal routes 503 with Retry-After, then it all resumes', async () => {
    const servers = [stack.topology.cacheRedis!, stack.topology.sessionRedis];
    const [marker] = await stack.newShoppers(1);
    const load = new ShopperLoad({
      url: stack.url,
      shoppers: await stack.newShoppers(8),
      products: loadProducts(),
    });
    await sleep(2000);
    const stoppedAt = Date.now();
    await Promise.all(servers.map((server) => server.stop()));
    const pages = [];
    const personal = [];
    for (let round = 0; Date.now() - stoppedAt < OUTAGE_MS; round += 1) {
      pages.push(
        await probe(stack, `/products/${stack.products[round % 30]!.slug}`, { cookie: marker!.cookie }),
      );
      personal.push(await probe(stack, `/api/cart`, { cookie: marker!.cookie }));
      personal.push(await addToCart(stack, marker!, stack.products[0]!.id));
      await sleep(500);
    }
    const restartedAt = Date.now();
    await Promise.all(servers.map((server) => server.start()));
    const sessionsBackMs = await timeUntil('sessions after the restart', 30_000, () =>
      signedIn(stack, marker!),
    );
    const fresh = unloaded(0).slug;
    const cachingBackMs = await timeUntil('caching after the restart', 30_000, async () => {
      await probe(stack, `/products/${fresh}`);
      return productPageCached(stack.cacheRedisTarget, stack.prefix, fresh);
    });
    const report = await load.stop();
    const orders = await checkOrders(stack.sql, report);
    printDrill('4 both Redis stopped 20 s', {
      ...figures(report.records),
      pages: `${pages.filter((page) => page.status === 200).length}/${pages.length} 200`,
      pageMs: pages.map((page) => Math.round(page.ms)).join(','),
      personal: `${personal.filter((answer) => answer.status === 503 && answer.retryAfter).length}/${personal.length} 503+Retry-After`,
      outageMs: restartedAt - stoppedAt,
      sessionsBackAfterRestartMs: sessionsBackMs,
      cachingBackAfterRestartMs: cachingBackMs + sessionsBackMs,
      orders: orders.total,
    });
    expect(pages.map((page) => page.status)).toEqual(pages.map(() => 200));
    // The goal is under 1 s each (printed above, quoted in the README); the test's bound only
    // catches a page waiting out Redis deadlines or hanging: this machine's two cores are shared.
    for (const page of pages) expect(page.ms).toBeLessThan(5000);
    expect(personal.map((answer) => [answer.status, answer.retryAfter !== null])).toEqual(
      personal.map(() => [503, true]),
    );
    expect(failures(report.records, ['page'])).toEqual([]);
    expect((await addToCart(stack, marker!, stack.products[0]!.id)).status).toBe(200);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
  });

  it('drill 5: PostgreSQL stopped for 20 s: cached pages 200, uncached ones a 503 page, checkout 503, then all works', async () => {
    const postgres = stack.postgres!;
    const cached = stack.products.slice(0, 10);
    for (const product of cached) expect((await probe(stack, `/products/${product.slug}`)).status).toBe(200);
    const [marker] = await stack.newShoppers(1);
    expect((await addToCart(stack, marker!, cached[0]!.id)).status).toBe(200);
    const load = new ShopperLoad({ url: stack.url, shoppers: await stack.newShoppers(8), products: cached });
    await sleep(2000);
    const stoppedAt = Date.now();
    await postgres.stop();
    const key = randomUUID();
    const cachedPages = [];
    const uncachedPages = [];
    const checkouts = [];
    for (let round = 0; Date.now() - stoppedAt < OUTAGE_MS; round += 1) {
      cachedPages.push(await probe(stack, `/products/${cached[round % cached.length]!.slug}`));
      uncachedPages.push(await probe(stack, `/products/${unloaded(1 + (round % 8)).slug}`));
      checkouts.push(await checkout(stack, marker!, key));
      await sleep(500);
    }
    const restartedAt = Date.now();
    await postgres.start();
    let orderId: number | undefined;
    const checkoutBackMs = await timeUntil('checkout after the restart', 30_000, async () => {
      const answer = await checkout(stack, marker!, key);
      if (answer.status === 201) orderId = (JSON.parse(answer.body) as { orderId: number }).orderId;
      return answer.status === 201;
    });
    const uncachedAfter = await probe(stack, `/products/${unloaded(1).slug}`);
    const report = await load.stop();
    const orders = await checkOrders(stack.sql, report);
    printDrill('5 PostgreSQL stopped 20 s', {
      ...figures(report.records),
      loadPageFailures: failures(report.records, ['page']).length,
      cachedPages: `${cachedPages.filter((page) => page.status === 200).length}/${cachedPages.length} 200`,
      uncachedPages: `${uncachedPages.filter((page) => page.status === 503 && page.retryAfter).length}/${uncachedPages.length} 503+Retry-After`,
      checkouts: `${checkouts.filter((answer) => answer.status === 503).length}/${checkouts.length} 503`,
      outageMs: restartedAt - stoppedAt,
      checkoutBackAfterRestartMs: checkoutBackMs,
      orders: orders.total,
    });
    expect(cachedPages.map((page) => page.status)).toEqual(cachedPages.map(() => 200));
    expect(failures(report.records, ['page'])).toEqual([]);
    // Carts live in Redis, and the shoppers' rights stand as PostgreSQL last gave them (lib/auth/rights.ts).
    expect(failures(report.records, ['add'])).toEqual([]);
    for (const page of uncachedPages) {
      expect([page.status, page.retryAfter !== null]).toEqual([503, true]);
      expect(page.body).toMatch(/<html/i); // the 503 page, never a bare "Internal Server Error"
    }
    expect(checkouts.map((answer) => [answer.status, answer.retryAfter !== null])).toEqual(
      checkouts.map(() => [503, true]),
    );
    expect(orderId).toBeGreaterThan(0);
    expect(uncachedAfter.status).toBe(200);
    expect(orders.lost).toEqual([]);
    expect(orders.unacknowledged).toEqual([]);
  });
});
