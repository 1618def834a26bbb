import 'server-only';
import type { Span } from '@opentelemetry/api';
import { readCartLines, removeCartLines } from '../cart';
import { requireSession, requireSignedInSession } from '../auth/guard';
import { isOutage, RequestError } from '../errors';
import { getCheckoutMetrics, type CheckoutResult } from '../metrics/checkout';
import { getSessionRedis } from '../redis/client';
import { checkoutKeys } from '../redis/keys';
import type { RequestContext } from '../session/current';
import { getSaleCheckoutMetrics } from '../metrics/sales';
import { getSaleGate, NoAdmissionError, NotStartedError, OverLimitError, type SaleGate } from '../sales';
import { getStockGate, type GateDecision, type StockLine } from '../stock';
import { inSpan } from '../telemetry';
import type { Hold, StockGate } from '../stock/gate';
import { IdempotencyRecords } from './idempotency';
import { findPlacedOrder, OutOfStockError, placeOrder, TotalChangedError } from './place';
import {
  announceSold,
  confirmAdmissions,
  releaseAdmissions,
  saleLinesOf,
  saleResultOf,
  takeFromSaleGate,
} from './sale-lines';
import { recordCheckoutMinute } from './stats';
import type { CheckoutAnswer } from './types';

/*
 * Checkout: the signed-in user's whole cart becomes one order, or nothing happens. In a flash sale most
 * attempts lose, so everything that can refuse without PostgreSQL does, in this order:
 *   1. the idempotency record and the cart (Redis, sent together: one round trip): a replay or a
 *      double-click never reaches PostgreSQL; an empty cart → 400;
 *   2. a line whose sale has not started (the sale registry, in memory) → 409 `{productId, startsAt}`; a
 *      line of a queued sale whose line runs, without the buyer's admission (its cookie, then Redis once:
 *      lib/queue) → 409 `{queue}`;
 *   3. the sale gate (Redis, ./sale-lines.ts) for lines in a running sale: too few units → 409
 *      `{productId, available}`, the buyer's limit passed → 409 `{productId, limit, bought}`. So a sold-out
 *      sale's refusal costs two Redis round trips after the session read, and no claim to give back. A
 *      refusal while another checkout of the buyer holds units of the item (a double-click's first press)
 *      answers as that one does: its order, or 409 still running;
 *   4. the claim of the idempotency key (Redis): a same-key attempt that got there first → its answer or
 *      409, the sale gate's holds given back;
 *   5. the stock gate (Redis) for every line (a sale's line too: the product's live stock stays right):
 *      a line that cannot be filled → 409, units held for the rest;
 *   6. the account's rights (lib/auth/rights.ts, PostgreSQL at most every 2 s): disabled → 401, the
 *      session ended, the holds given back (read here, not first: a sale's losers cost PostgreSQL nothing);
 * and only then the transaction (./place.ts), which decides: a line it cannot fill, a sale not started or a
 * limit passed, or a total at its prices that is not the one the shopper saw (`expectedTotalCents`, when
 * sent), is a 409 and writes nothing. Afterwards the holds are settled (kept on success, given back on
 * failure), the bought lines leave the cart, each sale sold in is announced (lib/sales publishSaleChange),
 * a queued sale's admission ends (the next place admitted at once), and the answer is recorded for
 * replays. Nothing after the gates can fail for the cart's size: a cart
 * holds at most 50 lines of 99 (lib/cart), and the total is a bigint.
 * Redis away: the record and both gates are skipped, and PostgreSQL alone still sells each unit once and
 * keeps every buyer within the sale's limit; a queued sale's admission is taken from its cookie.
 * Traced (lib/telemetry) as one `checkout` span with its result: the gates' spans, their Redis commands and
 * the transaction's statement sit under it.
 */

/** The checkout span's attributes. */
export const CHECKOUT_SPAN_ATTRIBUTES = {
  result: 'storefront.checkout.result',
  orderId: 'storefront.checkout.order_id',
  inSale: 'storefront.checkout.in_sale',
} as const;

export interface CheckoutRequest {
  /** The client's Idempotency-Key. */
  idempotencyKey: string;
  /** The total the shopper saw (and confirmed): when the cart costs otherwise now, 409 and nothing written. */
  expectedTotalCents?: number;
}

export interface CheckoutOutcome {
  answer: CheckoutAnswer;
  /** False when the key had already placed this order (a replay). */
  placed: boolean;
}

/** The same key's first checkout is still running: 409, and worth a retry a moment later. */
export class CheckoutInProgressError extends RequestError {
  constructor(
    message = 'An order with this key is still being placed. Wait for it, or reload the cart to try again.',
  ) {
    super(409, message);
    this.name = 'CheckoutInProgressError';
  }
}

const EMPTY_CART = 'Your cart is empty.';

/** Where checkout keeps its Redis state: the process's own, unless a test brings a Redis of its choosing. */
export interface CheckoutDeps {
  gate: StockGate;
  saleGate: SaleGate;
  records: IdempotencyRecords;
}

const defaultDeps = (): CheckoutDeps => ({
  gate: getStockGate(),
  saleGate: getSaleGate(),
  records: new IdempotencyRecords(getSessionRedis(), checkoutKeys()),
});

export function checkout(
  ctx: RequestContext,
  request: CheckoutRequest,
  given: Partial<CheckoutDeps> = {},
): Promise<CheckoutOutcome> {
  return inSpan('checkout', {}, (span) => measured(ctx, request, given, span));
}

async function measured(
  ctx: RequestContext,
  request: CheckoutRequest,
  given: Partial<CheckoutDeps>,
  span: Span | undefined,
): Promise<CheckoutOutcome> {
  const deps = { ...defaultDeps(), ...given };
  const started = performance.now();
  let result: CheckoutResult = 'error';
  let outcome: unknown;
  const seen = { inSale: false };
  try {
    const done = await attempt(ctx, request, deps, seen);
    result = done.placed ? 'placed' : 'replayed';
    outcome = done.placed ? 'placed' : undefined;
    span?.setAttribute(CHECKOUT_SPAN_ATTRIBUTES.orderId, done.answer.orderId);
    return done;
  } catch (error) {
    outcome = error;
    if (error instanceof OutOfStockError) result = 'sold_out';
    else if (CONFLICTS.some((kind) => error instanceof kind)) result = 'conflict';
    throw error;
  } finally {
    span?.setAttribute(CHECKOUT_SPAN_ATTRIBUTES.result, result);
    span?.setAttribute(CHECKOUT_SPAN_ATTRIBUTES.inSale, seen.inSale);
    getCheckoutMetrics().observe(result, (performance.now() - started) / 1000);
    recordCheckoutMinute(result);
    // A sale's refusals say so themselves (PostgreSQL's too); a sale's sold out or placed needs a sale line.
    const saleResult = saleResultOf(outcome);
    const refusedBySale = ['not_started', 'over_limit', 'no_admission'].includes(saleResult ?? '');
    if (saleResult && (seen.inSale || refusedBySale)) {
      getSaleCheckoutMetrics().count(saleResult);
      recordCheckoutMinute(`sale_${saleResult}`);
    }
  }
}

const CONFLICTS = [
  CheckoutInProgressError,
  TotalChangedError,
  NotStartedError,
  OverLimitError,
  NoAdmissionError,
];

async function attempt(
  ctx: RequestContext,
  { idempotencyKey, expectedTotalCents }: CheckoutRequest,
  { gate, saleGate, records }: CheckoutDeps,
  seen: { inSale: boolean },
): Promise<CheckoutOutcome> {
  const session = await requireSignedInSession(ctx);
  const { userId } = session;
  // 1. Both on the session Redis, sent at once: one round trip.
  const [look, lines] = await Promise.all([records.look(userId, idempotencyKey), readCartLines(session)]);
  if (look.kind === 'replay') return { answer: look.answer, placed: false };
  if (look.kind === 'running') return placedWhileRunning(userId, idempotencyKey);
  if (lines.length === 0) {
    await requireSession(ctx);
    // A key that placed an order answers with it, whatever the cart holds now (its record may be gone).
    const placed = await findPlacedOrder(userId, idempotencyKey);
    if (placed) return { answer: placed, placed: false };
    throw new RequestError(400, EMPTY_CART);
  }
  // 2, 3.
  const sale = await saleLinesOf(lines);
  seen.inSale = sale.inSale;
  await confirmAdmissions(ctx, userId, sale.queued);
  const fromSaleGate = await takeFromSaleGate(saleGate, userId, sale.running);
  if (fromSaleGate.refusal) {
    if (!fromSaleGate.contended) throw fromSaleGate.refusal;
    return contendedRefusal(records, userId, idempotencyKey);
  }
  const saleHolds = fromSaleGate.holds;
  let stockHolds: Hold[] = [];
  const settle = (giveBack: boolean) =>
    Promise.all([saleGate.settle(saleHolds, { giveBack }), gate.settle(stockHolds, { giveBack })]);
  // 4.
  const claim = await records.claim(userId, idempotencyKey);
  if (claim.kind === 'replay' || claim.kind === 'running') {
    await settle(true);
    return claim.kind === 'replay'
      ? { answer: claim.answer, placed: false }
      : placedWhileRunning(userId, idempotencyKey);
  }
  try {
    // 5.
    const decision = await takeFromGate(gate, lines);
    if (decision.kind === 'refused') {
      await settle(true);
      throw new OutOfStockError(decision.productId, decision.available);
    }
    stockHolds = decision.holds;
    let order;
    try {
      // 6, then the transaction.
      await requireSession(ctx);
      order = await placeOrder(userId, idempotencyKey, lines, expectedTotalCents ?? null);
    } catch (error) {
      await settle(true);
      throw error;
    }
    // A replay bought nothing now: its holds go back.
    await settle(order.replayed);
    const answer = { orderId: order.orderId, totalCents: order.totalCents };
    if (!order.replayed) {
      await removeCartLines(
        session,
        lines.map((line) => line.productId),
      ).catch(logged);
      await announceSold(sale.running);
      await releaseAdmissions(ctx, userId, sale.queued);
    }
    if (claim.kind === 'claimed') await claim.complete(answer);
    return { answer, placed: !order.replayed };
  } catch (error) {
    if (claim.kind === 'claimed') await claim.release();
    throw error;
  }
}

/**
 * The sale gate refused while another checkout of this buyer holds units of the item: most likely the
 * first press of a double-click (whose key this one shares), which has not claimed the key yet. Its
 * answer, then: the order once placed, else 409 "still being placed", which the cart's form waits out and
 * retries (a checkout of the buyer's under another key is answered its real refusal once that one ends).
 */
async function contendedRefusal(
  records: IdempotencyRecords,
  userId: number,
  idempotencyKey: string,
): Promise<CheckoutOutcome> {
  const again = await records.look(userId, idempotencyKey);
  if (again.kind === 'replay') return { answer: again.answer, placed: false };
  if (again.kind === 'running') return placedWhileRunning(userId, idempotencyKey);
  throw new CheckoutInProgressError(IN_PROGRESS_ELSEWHERE);
}

const IN_PROGRESS_ELSEWHERE =
  'Another checkout of yours is still holding this sale item. Wait for it, or reload the cart to try again.';

/**
 * The key's record says its first attempt is still running. If PostgreSQL already holds that attempt's
 * order, the attempt committed and then died before recording its answer (an instance killed mid-request):
 * answer the order now instead of 409 until the running mark expires (a minute). Otherwise, 409 as before;
 * also when PostgreSQL cannot be asked, since a retry a moment later is right either way.
 */
async function placedWhileRunning(userId: number, idempotencyKey: string): Promise<CheckoutOutcome> {
  let placed: CheckoutAnswer | null;
  try {
    placed = await findPlacedOrder(userId, idempotencyKey);
  } catch (error) {
    if (isOutage(error)) throw new CheckoutInProgressError();
    throw error;
  }
  if (!placed) throw new CheckoutInProgressError();
  return { answer: placed, placed: false };
}

/**
 * The gate's decision; when Redis (or the PostgreSQL read that seeds it) cannot be asked, no holds and
 * PostgreSQL decides alone. Anything else is a bug, and fails the checkout rather than hide behind it.
 */
async function takeFromGate(gate: StockGate, lines: readonly StockLine[]): Promise<GateDecision> {
  try {
    return await gate.take(lines);
  } catch (error) {
    if (!isOutage(error)) throw error;
    logged(error);
    return { kind: 'held', holds: [] };
  }
}

function logged(error: unknown): void {
  console.error(`checkout: ${error instanceof Error ? error.message : String(error)}`);
}
