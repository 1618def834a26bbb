import 'server-only';
import { readCartLines, removeCartLines } from '../cart';
import { requireSession } from '../auth/guard';
import { isOutage, RequestError } from '../errors';
import { getCheckoutMetrics, type CheckoutResult } from '../metrics/checkout';
import { getSessionRedis } from '../redis/client';
import { checkoutKeys } from '../redis/keys';
import type { RequestContext } from '../session/current';
import { getStockGate, type GateDecision, type StockLine } from '../stock';
import type { StockGate } from '../stock/gate';
import { IdempotencyRecords } from './idempotency';
import { findPlacedOrder, OutOfStockError, placeOrder } from './place';
import { recordCheckoutMinute } from './stats';
import type { CheckoutAnswer } from './types';

/*
 * Checkout: the signed-in user's whole cart becomes one order, or nothing happens. In a flash sale most
 * attempts lose, so everything that can refuse without PostgreSQL does, in this order:
 *   1. the idempotency record (Redis): a replay or a double-click never reaches PostgreSQL;
 *   2. the cart (Redis): empty → 400;
 *   3. the stock gate (Redis): a line that cannot be filled → 409, units held for the rest;
 * and only then the transaction (./place.ts), which decides. Afterwards the holds are settled (kept on
 * success, given back on failure), the bought lines leave the cart and the answer is recorded for replays.
 * Redis away: steps 1 and 3 are skipped, and PostgreSQL alone still sells each unit once.
 */

export interface CheckoutOutcome {
  answer: CheckoutAnswer;
  /** False when the key had already placed this order (a replay). */
  placed: boolean;
}

/** The same key's first checkout is still running: 409, and worth a retry a moment later. */
export class CheckoutInProgressError extends RequestError {
  constructor() {
    super(409, 'An order with this key is still being placed. Wait for it, or reload the cart to try again.');
    this.name = 'CheckoutInProgressError';
  }
}

export const EMPTY_CART = 'Your cart is empty.';

/** Where checkout keeps its Redis state: the process's own, unless a test brings a Redis of its choosing. */
export interface CheckoutDeps {
  gate: StockGate;
  records: IdempotencyRecords;
}

const defaultDeps = (): CheckoutDeps => ({
  gate: getStockGate(),
  records: new IdempotencyRecords(getSessionRedis(), checkoutKeys()),
});

export async function checkout(
  ctx: RequestContext,
  idempotencyKey: string,
  deps: CheckoutDeps = defaultDeps(),
): Promise<CheckoutOutcome> {
  const started = performance.now();
  let result: CheckoutResult = 'error';
  try {
    const outcome = await attempt(ctx, idempotencyKey, deps);
    result = outcome.placed ? 'placed' : 'replayed';
    return outcome;
  } catch (error) {
    if (error instanceof OutOfStockError) result = 'sold_out';
    else if (error instanceof CheckoutInProgressError) result = 'conflict';
    throw error;
  } finally {
    getCheckoutMetrics().observe(result, (performance.now() - started) / 1000);
    recordCheckoutMinute(result);
  }
}

async function attempt(
  ctx: RequestContext,
  idempotencyKey: string,
  { gate, records }: CheckoutDeps,
): Promise<CheckoutOutcome> {
  const session = await requireSession(ctx);
  const claim = await records.claim(session.userId, idempotencyKey);
  if (claim.kind === 'replay') return { answer: claim.answer, placed: false };
  if (claim.kind === 'running') return placedWhileRunning(session.userId, idempotencyKey);
  try {
    const lines = await readCartLines(session);
    if (lines.length === 0) {
      // A key that placed an order answers with it, whatever the cart holds now (its record may be gone).
      const placed = await findPlacedOrder(session.userId, idempotencyKey);
      if (placed) return { answer: placed, placed: false };
      throw new RequestError(400, EMPTY_CART);
    }
    const decision = await takeFromGate(gate, lines);
    if (decision.kind === 'refused') {
      throw new OutOfStockError(decision.productId, decision.available);
    }
    let order;
    try {
      order = await placeOrder(session.userId, idempotencyKey, lines);
    } catch (error) {
      await gate.settle(decision.holds, { giveBack: true });
      throw error;
    }
    // A replay bought nothing now: its holds go back.
    await gate.settle(decision.holds, { giveBack: order.replayed });
    const answer = { orderId: order.orderId, totalCents: order.totalCents };
    if (!order.replayed)
      await removeCartLines(
        session,
        lines.map((line) => line.productId),
      ).catch(logged);
    if (claim.kind === 'claimed') await claim.complete(answer);
    return { answer, placed: !order.replayed };
  } catch (error) {
    if (claim.kind === 'claimed') await claim.release();
    throw error;
  }
}

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

/** The gate's decision; when Redis cannot be asked, no holds and PostgreSQL decides alone. */
async function takeFromGate(gate: StockGate, lines: readonly StockLine[]): Promise<GateDecision> {
  try {
    return await gate.take(lines);
  } catch (error) {
    logged(error);
    return { kind: 'held', holds: [] };
  }
}

function logged(error: unknown): void {
  console.error(`checkout: ${error instanceof Error ? error.message : String(error)}`);
}
