import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeQueueLines, drawOrder, getQueueLines, joinLine, specOf } from '@/lib/queue';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import { withOwnCatalog } from '@/tooling/vitest/admin';
import { scheduleSaleAhead, shopperWithId } from '@/tooling/vitest/line-page';
import { makeLive } from '@/tooling/vitest/sale-admin';
import { lineStandingOf, saleLineRecord, type LineStanding } from './queue-data';

// The line's page while Redis (the sessions Redis, where the line lives: this file's own server) does not
// answer: never an error. A shopper whose place this instance has read sees it, paused; one it never read
// is "unknown" (the page says the line is paused and their place kept); and all is live again after.

let sessionServer: RedisServerProcess;

beforeAll(async () => {
  sessionServer = await startRedisServer();
  // lib/config.ts reads the environment on first use, which comes after this.
  process.env.SESSION_REDIS_URL = sessionServer.url;
}, 30_000);

afterAll(async () => {
  closeQueueLines();
  sessionServer?.resume();
  await sessionServer?.stop();
});

withOwnCatalog('queue_paused');

const pausedOf = (standing: LineStanding) => standing.kind === 'in-line' && standing.paused;
const placeOf = (standing: LineStanding) =>
  standing.kind === 'in-line' ? { status: standing.status.status, position: standing.status.position } : null;

it('answers the last reading, paused, or "unknown" while Redis is away, and the live line once it is back', async () => {
  const saleId = await scheduleSaleAhead(0, { activeShoppers: 1 });
  const [first, second, elsewhere] = await Promise.all([shopperWithId(), shopperWithId(), shopperWithId()]);
  const scheduled = (await saleLineRecord(saleId))!;
  for (const { userId } of [first, second]) await joinLine(scheduled, userId);
  // Joined on another instance: this one has never read that account's place.
  await getQueueLines().store.join(specOf(scheduled)!, elsewhere.userId);
  await makeLive(saleId);
  const record = (await saleLineRecord(saleId))!;
  const order = drawOrder(
    record.queue!.seed,
    [first, second, elsewhere].map((shopper) => shopper.userId),
  );
  const expected = (userId: number) => {
    const position = order.indexOf(userId) + 1;
    return { status: position === 1 ? 'admitted' : 'waiting', position };
  };
  // This instance reads the line once a second: the draw shows at its next reading.
  await expect
    .poll(async () => placeOf(await lineStandingOf(record, second.userId)))
    .toEqual(expected(second.userId));

  sessionServer.pause();
  try {
    await expect
      .poll(async () => pausedOf(await lineStandingOf(record, second.userId)), { timeout: 10_000 })
      .toBe(true);
    expect(placeOf(await lineStandingOf(record, second.userId))).toEqual(expected(second.userId));
    expect(await lineStandingOf(record, elsewhere.userId)).toEqual({ kind: 'unknown' });
  } finally {
    sessionServer.resume();
  }
  await expect
    .poll(async () => pausedOf(await lineStandingOf(record, second.userId)), { timeout: 10_000 })
    .toBe(false);
  expect(placeOf(await lineStandingOf(record, elsewhere.userId))).toEqual(expected(elsewhere.userId));
});
