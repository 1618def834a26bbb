import { availableParallelism } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../lib/auth/password';
import { browse, percentileMs, signInBurst, signInCapacity } from '../tooling/rush/mixed-load';
import { printDrill } from './support/checks';
import { readAccessLog } from '../tooling/scale-out/access-log';
import { hashCost } from '../tooling/rush/hash-cost';
import { startDrillStack, type DrillStack } from '../tooling/stack';

/*
 * Drill 8: a sale's sign-in rush must never take the catalog down. Through nginx's HTTPS, shoppers browse
 * (home, /api/viewer, a listing, a product page and its JSON, a search) while sign-ins arrive at five times
 * what the machine can sign in: every page view is answered (no timeout, no error), and every sign-in
 * either succeeds or is told at once to come back (503 with Retry-After; the goal, within a second, is
 * printed as the site answered it, from nginx's log, beside what the load generator saw). The catalog's p99
 * during the burst is printed beside its p99 without it (the goal, ≤ 3×, is a figure, not an assertion).
 *
 * "What the machine can sign in" is measured first, through the stack: a whole sign-in (rate limits, the
 * account's row, the hash, the session, the device cookie), as many at once as the machine has hash slots.
 * With Argon2id a hash alone is some 10 ms here, no longer most of a sign-in's cost; the hash rate is
 * printed beside it.
 */

const PASSWORD = 'rush shopper password';
const BROWSERS = 6;
const BASELINE_MS = 5_000;
const BURST_MS = 4_000;
const CAPACITY_MS = 3_000;
const CAPACITY_ACCOUNTS = 400;
let stack: DrillStack;

beforeAll(async () => {
  stack = await startDrillStack({ instances: 2 });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

let made = 0;
/** `count` new accounts with the drill's password (one hash for all). */
async function accounts(count: number) {
  const hash = await hashPassword(PASSWORD);
  const from = made + 1;
  made += count;
  const rows = await stack.sql<{ email: string }[]>`
    insert into users (email, name, password_hash)
    select 'rush-' || n || '@example.test', 'Rush shopper ' || n, ${hash}
    from generate_series(${from}::int, ${made}::int) as n
    returning email`;
  return rows.map(({ email }) => ({ email, password: PASSWORD }));
}

const slugs = () => stack.products.map((product) => product.slug);
const browserAddress = (i: number) => `127.4.0.${i + 1}`;
const signInAddress = (group: number) => `127.5.${Math.floor(group / 250)}.${(group % 250) + 1}`;
const p99 = (records: readonly { ms: number }[]) => Math.round(percentileMs(records, 99));

describe.sequential('a rush of sign-ins', () => {
  it('drill 8: five times what the machine can hash, while shoppers browse: every page answered, every sign-in in or told at once to retry', async () => {
    // The topology's instances share the machine's hash slots (lib/auth/hash-slots.ts: half the cores).
    const slots = Math.max(1, Math.floor(availableParallelism() / 2));
    const hash = (await hashCost(5)).wallMs;
    const pool = await accounts(CAPACITY_ACCOUNTS);
    const capacity = await signInCapacity(stack, pool, {
      concurrency: slots,
      durationMs: CAPACITY_MS,
      addressOf: (group) => `127.6.0.${group + 1}`,
    });
    const perSecond = Math.ceil(5 * capacity);
    const burst = await accounts(Math.ceil((perSecond * BURST_MS) / 1000));
    // Warm the pages first: the drill is about sign-ins, not cold caches.
    await browse(stack, slugs(), { browsers: BROWSERS, durationMs: 1_500, addressOf: browserAddress });

    const quiet = await browse(stack, slugs(), {
      browsers: BROWSERS,
      durationMs: BASELINE_MS,
      addressOf: browserAddress,
    });
    const [busy, signIns] = await Promise.all([
      browse(stack, slugs(), { browsers: BROWSERS, durationMs: BURST_MS + 1_000, addressOf: browserAddress }),
      signInBurst(stack, burst, { perSecond, addressOf: signInAddress }),
    ]);

    const signedIn = signIns.filter((record) => record.status === 200);
    const sentBack = signIns.filter((record) => record.status === 503);
    // How long the site took to send each of them back, as nginx saw it (its log is flushed every second).
    const loggedSentBack = () =>
      readAccessLog(stack.topology.nginx.accessLogFile).filter(
        (entry) => entry.method === 'POST' && entry.path === '/api/auth/login' && entry.status === 503,
      );
    let sentBackBySite = loggedSentBack();
    for (let waited = 0; sentBackBySite.length < sentBack.length && waited < 5_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      sentBackBySite = loggedSentBack();
    }
    printDrill('8 sign-in rush', {
      hashMs: Math.round(hash),
      hashesPerSecond: Math.round((slots * 1000) / hash),
      slots,
      signInsPerSecondCapacity: Math.round(capacity),
      signInsPerSecond: perSecond,
      signIns: signIns.length,
      signedIn: signedIn.length,
      sentBack: sentBack.length,
      sentBackP99Ms: p99(sentBack),
      sentBackMaxMs: Math.round(Math.max(0, ...sentBack.map((record) => record.ms))),
      sentBackBySiteP95Ms: Math.round(percentileMs(sentBackBySite, 95)),
      sentBackBySiteP99Ms: p99(sentBackBySite),
      sentBackBySiteMaxMs: Math.round(Math.max(0, ...sentBackBySite.map((entry) => entry.ms))),
      signedInP99Ms: p99(signedIn),
      pageViewsQuiet: quiet.length,
      pageViewsDuringBurst: busy.length,
      catalogP99QuietMs: p99(quiet),
      catalogP99BurstMs: p99(busy),
      ratio: (p99(busy) / Math.max(1, p99(quiet))).toFixed(2),
    });

    // Every page view answered, during the burst as before it.
    expect([...quiet, ...busy].filter((record) => record.status !== 200)).toEqual([]);
    // Every sign-in is either in, or sent back at once with the time to come back.
    expect(signIns.filter((record) => record.status !== 200 && record.status !== 503)).toEqual([]);
    // Sent back, not queued: a queue of five times what the machine signs in would grow for the whole
    // burst (480 sign-ins at 24 a second is 20 s of hashing), so none may take past 3 s and 95 in 100 come
    // back within 2 s. The goal, within a second, is a figure printed above, as the load generator sees it
    // and as the site answered it (nginx's log): the generator shares the two cores with nginx, both
    // instances, both Redis and PostgreSQL, and on a slow day the site's own p95 was 0.8–1.5 s
    // (docs/operating.md, drill 8).
    for (const record of sentBack) expect(record.retryAfter).toMatch(/^[1-9]\d*$/);
    expect(sentBackBySite).toHaveLength(sentBack.length);
    expect(percentileMs(sentBack, 95)).toBeLessThan(2_000);
    expect(Math.max(...sentBack.map((record) => record.ms))).toBeLessThan(3_000);
    // Five times the capacity cannot all be hashed: some were sent back, and the machine kept hashing.
    expect(sentBack.length).toBeGreaterThan(0);
    expect(signedIn.length).toBeGreaterThan(0);
  });
});
