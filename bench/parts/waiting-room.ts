import {
  runLine,
  runWithoutLine,
  type LineResult,
  type NoLineResult,
  type RoomSizes,
} from '../waiting-room/run';
import { openRoomStore } from '../waiting-room/setup';
import { byMode, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * Issue 22: the waiting room. A queued sale over two instances: the crowd joined before the start (seeded),
 * `activeShoppers` admitted shoppers browsing and buying, everyone else waiting as the design makes them wait
 * (bench/waiting-room/waiters.ts). What waiting costs per waiting shopper, what it does to the admitted
 * shoppers against a run with nobody waiting, how soon a freed admission reaches the next page, whether the
 * line kept the seed's order; then the same sale without a line, everyone at once: the reason for the line.
 * The goals are printed beside the figures, never asserted.
 */

const SIZES: Record<'full' | 'quick' | 'smoke', RoomSizes> = {
  full: {
    crowd: 10_000,
    activeShoppers: 100,
    streams: 500,
    warmSeconds: 5,
    windowSeconds: 60,
    settleSeconds: 60,
    thinkMs: 2_000,
    maxInFlight: 256,
    crowdConcurrency: 500,
  },
  quick: {
    crowd: 2_000,
    activeShoppers: 20,
    streams: 200,
    warmSeconds: 3,
    windowSeconds: 20,
    settleSeconds: 30,
    thinkMs: 1_000,
    maxInFlight: 128,
    crowdConcurrency: 200,
  },
  smoke: {
    crowd: 150,
    activeShoppers: 5,
    streams: 20,
    warmSeconds: 0.5,
    windowSeconds: 2,
    settleSeconds: 1.5,
    thinkMs: 100,
    maxInFlight: 64,
    crowdConcurrency: 75,
  },
};

/** Goals (issue 22). */
const GOALS = { requestsPerWaiter: 0.1, redisPerWaiter: 0.01, slowdown: 1.2, learnMs: 2_000 };

const pair = (a: number, b: number) => `${a} / ${b}`;
const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
const ratio = (after: number, before: number) => (before > 0 ? round(after / before, 2) : 0);
const tally = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([what, count]) => `${what} ×${count}`)
    .join(', ') || 'none';

function costTable(sizes: RoomSizes, line: LineResult): Table {
  const { cost, lag, order } = line;
  const requests = round(cost.requestsPerWaiterSecond, 4);
  // An estimate (the window's commands less the shoppers' own): below 0 is noise around none.
  const redis = Math.max(0, round(cost.redisPerWaiterSecond, 4));
  return {
    title: `Waiting: ${cost.waiters} in line, ${sizes.activeShoppers} shoppers at once, two instances`,
    columns: ['measure', 'figure', 'goal'],
    rows: [
      [
        `requests per waiting shopper per second (polls; median interval asked ${cost.askedMedianSeconds} s)`,
        requests,
        `≤ ${GOALS.requestsPerWaiter}: ${verdict(requests <= GOALS.requestsPerWaiter)}`,
      ],
      [
        'Redis commands per waiting shopper per second (the window’s, less the shoppers’: ±noise)',
        redis,
        `≤ ${GOALS.redisPerWaiter}: ${verdict(redis <= GOALS.redisPerWaiter)}`,
      ],
      [
        'Redis commands per poll, by command (the waiting window’s, less the shoppers’)',
        Object.entries(cost.redisPerPoll)
          .sort(([, a], [, b]) => b - a)
          .map(([name, calls]) => `${name} ${round(calls, 2)}`)
          .join(', ') || 'none',
        '',
      ],
      ['a poll’s time p50 / p99 (ms)', pair(cost.poll.p50Ms, cost.poll.p99Ms), ''],
      [
        `event streams held (a sample): events / bytes per stream per second`,
        `${cost.streamsHeld}: ${round(cost.streamEventsPerSecond, 2)} / ${Math.round(cost.streamBytesPerSecond)}`,
        '',
      ],
      [
        'order placed → next page learns its turn from its event stream, p50 / p99 (ms)',
        pair(lag.stream.p50Ms, lag.stream.p99Ms) +
          (lag.unlearntByStream > 0 ? ` (${lag.unlearntByStream} never learnt)` : ''),
        `p99 ≤ ${GOALS.learnMs}: ${verdict(lag.stream.p99Ms <= GOALS.learnMs && lag.unlearntByStream === 0)}`,
      ],
      [
        'order placed → next page learns it by polling alone (no JavaScript), p50 / p99 (ms)',
        pair(lag.poll.p50Ms, lag.poll.p99Ms) +
          (lag.unlearntByPoll > 0 ? ` (${lag.unlearntByPoll} not seen)` : ''),
        '',
      ],
      [
        `places out of the seed's order (of ${order.places}); positions told wrong (of ${order.positionsTold})`,
        pair(order.outOfOrder, order.positionsWrong),
        `0 / 0: ${verdict(order.outOfOrder === 0 && order.positionsWrong === 0)}`,
      ],
      [
        'seed hidden before the start, and hashing to the SHA-256 published then',
        `${order.seedHiddenBeforeStart ? 'yes' : 'no'}, ${order.seedMatches ? 'yes' : 'no'}`,
        'yes, yes',
      ],
      ['polls answered', tally(cost.pollStatuses), 'no 5xx'],
    ],
    note:
      `Every waiting shopper polls GET /api/sales/{id}/queue at the interval the server asks; ${cost.streamsHeld} of them ` +
      'also hold the sale’s event stream (a sample: every page holds one, but this machine’s load generator cannot read ' +
      'thousands). Requests and waiting time are counted over the waiting window, per account while it waits; the ' +
      'Redis commands are the window’s total less the admitted shoppers’ own (per order, as in the window with nobody ' +
      'waiting). A placed order frees one admission, which goes to the next place: its page learns it from the ' +
      'stream on its instance, or at its next poll (docs/queue.md, "What waiting costs").',
  };
}

function shoppersTable(sizes: RoomSizes, line: LineResult, noLine: NoLineResult): Table {
  const { baseline, waiting } = line;
  const ordersPerSecond = (served: number, seconds: number) => round(served / seconds, 1);
  const slowdown = [
    ratio(waiting.page.p50Ms, baseline.page.p50Ms),
    ratio(waiting.page.p99Ms, baseline.page.p99Ms),
    ratio(waiting.checkout.p50Ms, baseline.checkout.p50Ms),
    ratio(waiting.checkout.p99Ms, baseline.checkout.p99Ms),
  ];
  const met = slowdown.every((value) => value <= GOALS.slowdown);
  return {
    title: `Admitted shoppers (${sizes.activeShoppers} at once) with nobody waiting, with ${line.cost.waiters} waiting, and the same sale without a line`,
    columns: ['run', 'orders per second', 'product page p50 / p99 ms', 'checkout p50 / p99 ms', 'failures'],
    rows: [
      [
        'line, nobody waiting',
        ordersPerSecond(baseline.served, baseline.seconds),
        pair(baseline.page.p50Ms, baseline.page.p99Ms),
        pair(baseline.checkout.p50Ms, baseline.checkout.p99Ms),
        tally(baseline.failures),
      ],
      [
        `line, ${line.cost.waiters} waiting`,
        ordersPerSecond(waiting.served, waiting.seconds),
        pair(waiting.page.p50Ms, waiting.page.p99Ms),
        pair(waiting.checkout.p50Ms, waiting.checkout.p99Ms),
        tally(waiting.failures),
      ],
      [
        `waiting ÷ nobody waiting (goal ≤ ×${GOALS.slowdown}: ${verdict(met)})`,
        '',
        `×${slowdown[0]} / ×${slowdown[1]}`,
        `×${slowdown[2]} / ×${slowdown[3]}`,
        '',
      ],
      [
        `no line: ${noLine.shoppers} at once (${round(noLine.seconds, 1)} s to serve them)`,
        ordersPerSecond(noLine.orders, noLine.seconds),
        pair(noLine.page.p50Ms, noLine.page.p99Ms),
        pair(noLine.checkout.p50Ms, noLine.checkout.p99Ms),
        tally(noLine.statuses),
      ],
    ],
    note:
      `Each admitted shopper asks its status (the admission cookie), opens the product page, reads it ${sizes.thinkMs / 1000} s, ` +
      `adds the product, waits half that and checks out; ${sizes.activeShoppers} do so at once, each order admitting the next. ` +
      `Windows of ${sizes.windowSeconds} s: first with the rest of the line silent, then with it waiting. Without a line ` +
      `the whole crowd opens the page, adds and checks out at the opening second (${sizes.crowdConcurrency} in flight ` +
      'from this load generator); its failures list every answer by status.',
  };
}

export const waitingRoomPart: BenchPart = {
  id: 'waiting-room',
  title: 'Waiting room: what waiting costs, what it spares the admitted shoppers, and the line’s order',
  async run(context) {
    const sizes = byMode(context.mode, SIZES);
    const store = await openRoomStore(context, sizes.crowd);
    const line = await runLine(store, sizes, context.redisUrl);
    const noLine = await runWithoutLine(store, sizes);
    await Promise.all(store.instances.map((instance) => instance.stop()));
    const { baseline, waiting, cost, lag, order } = line;
    const figures: Record<string, number> = {
      waiting_room_waiters: cost.waiters,
      waiting_room_requests_per_waiter_s: round(cost.requestsPerWaiterSecond, 5),
      waiting_room_redis_per_waiter_s: Math.max(0, round(cost.redisPerWaiterSecond, 5)),
      waiting_room_asked_interval_s: cost.askedMedianSeconds,
      waiting_room_poll_p50_ms: cost.poll.p50Ms,
      waiting_room_poll_p99_ms: cost.poll.p99Ms,
      waiting_room_stream_events_per_s: round(cost.streamEventsPerSecond, 2),
      waiting_room_page_p50_ms: baseline.page.p50Ms,
      waiting_room_page_p99_ms: baseline.page.p99Ms,
      waiting_room_page_waiting_p50_ms: waiting.page.p50Ms,
      waiting_room_page_waiting_p99_ms: waiting.page.p99Ms,
      waiting_room_checkout_p50_ms: baseline.checkout.p50Ms,
      waiting_room_checkout_p99_ms: baseline.checkout.p99Ms,
      waiting_room_checkout_waiting_p50_ms: waiting.checkout.p50Ms,
      waiting_room_checkout_waiting_p99_ms: waiting.checkout.p99Ms,
      waiting_room_orders_per_s: round(baseline.served / baseline.seconds, 1),
      waiting_room_orders_waiting_per_s: round(waiting.served / waiting.seconds, 1),
      waiting_room_learn_stream_p50_ms: lag.stream.p50Ms,
      waiting_room_learn_stream_p99_ms: lag.stream.p99Ms,
      waiting_room_learn_poll_p50_ms: lag.poll.p50Ms,
      waiting_room_learn_poll_p99_ms: lag.poll.p99Ms,
      waiting_room_out_of_order: order.outOfOrder,
      waiting_room_positions_wrong: order.positionsWrong,
      waiting_room_seed_matches: order.seedMatches ? 1 : 0,
      no_line_page_p50_ms: noLine.page.p50Ms,
      no_line_page_p99_ms: noLine.page.p99Ms,
      no_line_checkout_p50_ms: noLine.checkout.p50Ms,
      no_line_checkout_p99_ms: noLine.checkout.p99Ms,
      no_line_orders: noLine.orders,
      no_line_seconds: round(noLine.seconds, 1),
    };
    return { tables: [costTable(sizes, line), shoppersTable(sizes, line, noLine)], figures };
  },
};
