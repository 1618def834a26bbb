import { setTimeout as sleep } from 'node:timers/promises';
import { sessionKeys } from '../../lib/redis/keys';
import { RedisCommands } from '../../tooling/redis-commands';
import { latency, type Latency } from '../stats';
import { rushWithoutLine } from './crowd';
import { FrontWatch } from './front';
import {
  joinEveryone,
  placesOf,
  scheduleSale,
  type Account,
  type RoomStore,
  type ScheduledSale,
} from './setup';
import { AdmittedShoppers, type Visit } from './shoppers';
import { orderFromSeed, outOfOrder, seedMatches } from './verify';
import { Waiters } from './waiters';

/*
 * The waiting room, measured in one queued sale and one without a line:
 *
 * 1. The crowd joins the line before its start (seeded), the sale starts, the line draws its places and
 *    admits the first `activeShoppers`, and the admitted shoppers start shopping (./shoppers.ts), on and on.
 * 2. Baseline window: the admitted shoppers shop while nobody else does anything (the crowd is in line,
 *    silent): their product page and checkout as they are with nobody waiting.
 * 3. The crowd wakes and waits as the design makes it wait (./waiters.ts); after it settles, the waiting
 *    window: the same admitted shoppers with everyone else waiting. What the waiting costs (its requests,
 *    its Redis commands), what it does to the shoppers, and how soon a freed admission reaches the next page.
 * 4. The line's order checked against the revealed seed (./verify.ts), in Redis and in every position the
 *    API told a waiter.
 * 5. The same sale without a line: the whole crowd at the opening second (./crowd.ts).
 *
 * The baseline comes first, on a machine a little less warm: if anything, that flatters the baseline.
 */

export interface RoomSizes {
  crowd: number;
  activeShoppers: number;
  /** Waiters holding a real event stream (the rest stand in for theirs by polling alone). */
  streams: number;
  warmSeconds: number;
  windowSeconds: number;
  settleSeconds: number;
  thinkMs: number;
  /** Polls in flight at once at most, and the crowd's shoppers in flight without a line. */
  maxInFlight: number;
  crowdConcurrency: number;
}

export interface ShopperWindow {
  seconds: number;
  /** Orders placed in the window. */
  served: number;
  page: Latency;
  checkout: Latency;
  redisCommands: number;
  failures: Record<string, number>;
}

export interface WaitingCost {
  waiters: number;
  /** Waiting accounts × seconds each spent waiting inside the window. */
  waiterSeconds: number;
  polls: number;
  requestsPerWaiterSecond: number;
  redisPerWaiterSecond: number;
  /** The waiting's Redis calls per poll, by command (those of at least 0.05: the rest is noise). */
  redisPerPoll: Record<string, number>;
  /** How long a poll took. */
  poll: Latency;
  /** The median interval the server asked for (s). */
  askedMedianSeconds: number;
  streamsHeld: number;
  streamEventsPerSecond: number;
  streamBytesPerSecond: number;
  pollStatuses: Record<string, number>;
}

export interface LineResult {
  baseline: ShopperWindow;
  waiting: ShopperWindow;
  cost: WaitingCost;
  /** From a placed order (its answer) to the next place's page learning it (ms). */
  lag: { stream: Latency; poll: Latency; unlearntByStream: number; unlearntByPoll: number };
  order: {
    places: number;
    outOfOrder: number;
    seedMatches: boolean;
    seedHiddenBeforeStart: boolean;
    positionsTold: number;
    positionsWrong: number;
  };
}

export interface NoLineResult {
  shoppers: number;
  seconds: number;
  page: Latency;
  checkout: Latency;
  orders: number;
  statuses: Record<string, number>;
}

interface SaleView {
  queue: { seedSha256: string; seed: string | null } | null;
}

/** How much longer than the settling time the crowd's first polls may take. */
const SETTLE_GRACE_MS = 60_000;
/** The line's first admissions must come within this of the start (the draw, then a tick). */
const FIRST_ADMISSIONS_MS = 15_000;

export async function runLine(store: RoomStore, sizes: RoomSizes, redisUrl: string): Promise<LineResult> {
  const commands = new RedisCommands(redisUrl);
  // Time to join everyone before the start (a few thousand joins a second), and never under 2 s.
  const startsInMs = Math.max(2_000, 1_500 + store.accounts.length * 1.5);
  const sale = await scheduleSale(store, store.lineProduct, {
    units: store.accounts.length,
    startsInMs,
    activeShoppers: sizes.activeShoppers,
  });
  const before = await saleView(store, sale.saleId);
  await joinEveryone(store, sale);
  const fronts = await Promise.all(store.instances.map((i) => FrontWatch.open(i.baseURL, sale.saleId)));
  let waiters: Waiters | undefined;
  let shoppers: AdmittedShoppers | undefined;
  try {
    await sleep(Math.max(0, sale.startsAt - Date.now()));
    const firstAdmitted = Math.min(sizes.activeShoppers, store.accounts.length);
    const tooLate = () => Date.now() > sale.startsAt + FIRST_ADMISSIONS_MS;
    const drawn = await Promise.all(fronts.map((front) => front.until(firstAdmitted, tooLate)));
    if (!drawn.every(Boolean)) {
      throw new Error(`the line admitted nobody within ${FIRST_ADMISSIONS_MS / 1000} s of the start`);
    }
    const places = await placesOf(store, sale);
    shoppers = new AdmittedShoppers(sale.saleId, store.lineProduct, places, store.accounts, fronts, {
      lanes: sizes.activeShoppers,
      thinkMs: sizes.thinkMs,
    });
    shoppers.start();
    await sleep(sizes.warmSeconds * 1000);

    const baselineWindow = await measureWindow(commands, sizes.windowSeconds);

    const front = Math.max(...fronts.map((watch) => watch.front));
    const byUser = new Map(store.accounts.map((account) => [account.userId, account]));
    const crowd = places.slice(front).map((userId, index) => ({
      account: byUser.get(userId)!,
      place: front + index + 1,
    }));
    waiters = new Waiters(sale.saleId, {
      settleMs: sizes.settleSeconds * 1000,
      streams: sizes.streams,
      maxInFlight: sizes.maxInFlight,
    });
    waiters.start(crowd);
    await sleep(sizes.settleSeconds * 1000);
    // Every waiter's first poll (which also reads its place from Redis, once per instance) before the
    // window: a machine slower than the settling time would otherwise count them as waiting's steady cost.
    for (
      let waited = 0;
      waiters.firstPollsAnswered < crowd.length && waited < SETTLE_GRACE_MS;
      waited += 100
    ) {
      await sleep(100);
    }
    const streamsBefore = { events: waiters.streamEvents, bytes: waiters.streamBytes };
    const waitingWindow = await measureWindow(commands, sizes.windowSeconds);
    const streams = {
      held: waiters.streamOpens.length,
      events: waiters.streamEvents - streamsBefore.events,
      bytes: waiters.streamBytes - streamsBefore.bytes,
    };
    waiters.stop();
    await shoppers.stop();

    const baseline = shopperWindow(shoppers.visits, baselineWindow);
    const waiting = shopperWindow(shoppers.visits, waitingWindow);
    const waiterSeconds = crowd.reduce((sum, { place }) => {
      const until = shoppers!.frontOf(place).learntAt(place) ?? waitingWindow.to;
      return sum + Math.max(0, Math.min(until, waitingWindow.to) - waitingWindow.from) / 1000;
    }, 0);
    const polls = waiters.polls.filter((at) => at >= waitingWindow.from && at < waitingWindow.to).length;
    const extra = waitingCommands(
      { ...baselineWindow, served: baseline.served },
      { ...waitingWindow, served: waiting.served },
    );
    const waitingCalls = Object.values(extra).reduce((sum, calls) => sum + calls, 0);
    const windowSeconds = (waitingWindow.to - waitingWindow.from) / 1000;
    const cost: WaitingCost = {
      waiters: crowd.length,
      waiterSeconds: Math.round(waiterSeconds),
      polls,
      requestsPerWaiterSecond: waiterSeconds > 0 ? polls / waiterSeconds : 0,
      redisPerWaiterSecond: waiterSeconds > 0 ? waitingCalls / waiterSeconds : 0,
      redisPerPoll: Object.fromEntries(
        Object.entries(extra)
          .filter(([, calls]) => polls > 0 && calls / polls >= 0.05)
          .map(([name, calls]) => [name, calls / polls]),
      ),
      poll: latency(waiters.pollLatencies),
      askedMedianSeconds: latency(waiters.asked).p50Ms,
      streamsHeld: streams.held,
      streamEventsPerSecond: streams.held > 0 ? streams.events / streams.held / windowSeconds : 0,
      streamBytesPerSecond: streams.held > 0 ? streams.bytes / streams.held / windowSeconds : 0,
      pollStatuses: waiters.statuses,
    };

    const lag = learningLag(shoppers, waiters, sizes.activeShoppers, places.length, waitingWindow);
    const after = await saleView(store, sale.saleId);
    const expected = orderFromSeed(
      after.queue?.seed ?? '',
      store.accounts.map((a) => a.userId),
    );
    const expectedPlace = new Map(expected.map((userId, index) => [userId, index + 1]));
    const told = [...waiters.positions];
    const order = {
      places: places.length,
      outOfOrder: outOfOrder(expected, places),
      seedMatches: seedMatches(after.queue?.seed ?? '', before.queue?.seedSha256 ?? ''),
      seedHiddenBeforeStart: before.queue?.seed === null,
      positionsTold: told.length,
      positionsWrong: told.filter(([userId, position]) => expectedPlace.get(userId) !== position).length,
    };
    return { baseline, waiting, cost, lag, order };
  } finally {
    waiters?.stop();
    await shoppers?.stop();
    fronts.forEach((front) => front.close());
    await endSale(store, sale);
    await commands.close();
  }
}

/** The same sale without a line: everyone at the opening second. */
export async function runWithoutLine(store: RoomStore, sizes: RoomSizes): Promise<NoLineResult> {
  // Carts left by the line's shoppers (an add whose checkout failed) would ride along in this checkout.
  const carts = sessionKeys(store.prefix);
  for (let start = 0; start < store.accounts.length; start += 500) {
    const batch = store.accounts.slice(start, start + 500);
    await store.redis.del(...batch.map((account) => carts.userCart(account.userId)));
  }
  const sale = await scheduleSale(store, store.openProduct, {
    units: store.accounts.length,
    startsInMs: 2_000,
  });
  try {
    await sleep(Math.max(0, sale.startsAt - Date.now()));
    const run = await rushWithoutLine(store.accounts, store.openProduct, sizes.crowdConcurrency);
    const statuses: Record<string, number> = {};
    const count = (what: string) => (statuses[what] = (statuses[what] ?? 0) + 1);
    for (const visit of run.visits) {
      count(`page ${visit.page.status}`);
      if (visit.checkout) count(`checkout ${visit.checkout.status}`);
    }
    const checkouts = run.visits.flatMap((visit) => (visit.checkout ? [visit.checkout] : []));
    return {
      shoppers: store.accounts.length,
      seconds: run.seconds,
      page: latency(run.visits.map((visit) => visit.page.latencyMs)),
      checkout: latency(checkouts.map((answer) => answer.latencyMs)),
      orders: checkouts.filter((answer) => answer.status === 201).length,
      statuses,
    };
  } finally {
    await endSale(store, sale);
  }
}

interface Window {
  from: number;
  to: number;
  redisCommands: number;
  /** Calls per Redis command in the window (e.g. evalsha, hgetall). */
  byCommand: Record<string, number>;
}

async function measureWindow(commands: RedisCommands, seconds: number): Promise<Window> {
  const before = await commands.counts();
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now();
  const after = await commands.counts();
  const byCommand: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta > 0) byCommand[name] = delta;
  }
  const redisCommands = Object.values(byCommand).reduce((sum, calls) => sum + calls, 0);
  return { from, to, redisCommands, byCommand };
}

/**
 * The waiting window's Redis commands less the admitted shoppers' own (each command's calls per order in
 * the baseline window, times the orders of the waiting window): what the waiting cost, by command.
 */
function waitingCommands(
  baseline: Window & { served: number },
  waiting: Window & { served: number },
): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [name, calls] of Object.entries(waiting.byCommand)) {
    const shoppers =
      baseline.served > 0 ? ((baseline.byCommand[name] ?? 0) / baseline.served) * waiting.served : 0;
    extra[name] = calls - shoppers;
  }
  return extra;
}

function shopperWindow(visits: readonly Visit[], window: Window): ShopperWindow {
  const inside = (at: number) => at >= window.from && at < window.to;
  const pages = visits.flatMap((visit) => (visit.page && inside(visit.page.at) ? [visit.page] : []));
  const checkouts = visits.flatMap((visit) =>
    visit.checkout && inside(visit.checkout.at) ? [visit.checkout] : [],
  );
  const failures: Record<string, number> = {};
  for (const visit of visits) {
    const at = visit.checkout?.at ?? visit.page?.at;
    if (visit.failure && at !== undefined && inside(at))
      failures[visit.failure] = (failures[visit.failure] ?? 0) + 1;
  }
  return {
    seconds: (window.to - window.from) / 1000,
    served: checkouts.filter((answer) => answer.status === 201).length,
    page: latency(pages.map((answer) => answer.latencyMs)),
    checkout: latency(checkouts.map((answer) => answer.latencyMs)),
    redisCommands: window.redisCommands,
    failures,
  };
}

/**
 * Each order placed in the window frees one admission, which goes to the next place: the k-th order of the
 * run admits place activeShoppers + k (no admission expires in a run this short). That place's page learns
 * it from its instance's event stream, or, polling alone, from its next poll.
 */
function learningLag(
  shoppers: AdmittedShoppers,
  waiters: Waiters,
  activeShoppers: number,
  places: number,
  window: Window,
): LineResult['lag'] {
  const byStream: number[] = [];
  const byPoll: number[] = [];
  let unlearntByStream = 0;
  let unlearntByPoll = 0;
  for (const [index, freedAt] of shoppers.freedAt().entries()) {
    const place = activeShoppers + index + 1;
    if (place > places || freedAt < window.from || freedAt >= window.to) continue;
    const streamAt = shoppers.frontOf(place).learntAt(place);
    // A poll the run's end cut off is taken at the moment it was due.
    const due = waiters.due.get(place);
    const pollAt = waiters.learnt.get(place) ?? (due !== undefined && due >= freedAt ? due : undefined);
    if (streamAt === undefined) unlearntByStream += 1;
    else byStream.push(Math.max(0, streamAt - freedAt));
    if (pollAt === undefined) unlearntByPoll += 1;
    else byPoll.push(Math.max(0, pollAt - freedAt));
  }
  return { stream: latency(byStream), poll: latency(byPoll), unlearntByStream, unlearntByPoll };
}

async function saleView(store: RoomStore, saleId: number): Promise<SaleView> {
  const response = await fetch(`${store.instances[0]!.baseURL}/api/sales/${saleId}`);
  if (response.status !== 200) throw new Error(`GET /api/sales/${saleId} answered ${response.status}`);
  return (await response.json()) as SaleView;
}

/** Ends the sale now, as an admin's "End sale now" leaves it, and tells every instance. */
async function endSale(store: RoomStore, sale: ScheduledSale): Promise<void> {
  await store.sql`update sales set ended_at = now() where id = ${sale.saleId} and ended_at is null`;
  await store.publisher.publish(`${store.prefix}sales:changes`, JSON.stringify({ saleId: sale.saleId }));
}

export type { Account };
