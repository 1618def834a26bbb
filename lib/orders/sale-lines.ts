import 'server-only';
import { isOutage } from '../errors';
import type { SaleCheckoutResult } from '../metrics/sales';
import { admissionCookieName, confirmAdmission, getQueueLines, guardedByLine } from '../queue';
import {
  getSaleRegistry,
  NoAdmissionError,
  NotStartedError,
  OverLimitError,
  productsInSale,
  publishSaleChange,
  type SaleGate,
  type SaleHold,
  type SaleRecord,
} from '../sales';
import { cookieAttributes } from '../session/cookie';
import type { RequestContext } from '../session/current';
import type { StockLine } from '../stock';
import { OutOfStockError } from './place';

/*
 * A checkout's lines that are in a sale (lib/sales): which sale each is in, the refusal of a sale that has
 * not started (from the registry in memory: no Redis, no PostgreSQL), the admission a queued sale's line
 * asks (lib/queue), the sale gate for those of a running sale, and what the sale metric counts. checkout.ts calls these in the order its header gives.
 */

export interface SaleLines {
  /** The lines of products in a running sale, with their sale: what the sale gate takes. */
  running: Array<StockLine & { saleId: number }>;
  /** The queued sales among them whose line guards their products now: the buyer needs an admission. */
  queued: Array<{ sale: SaleRecord; productName: string }>;
  /** True when any line is in a sale that has not ended: the attempt counts in the sale metric. */
  inSale: boolean;
}

/** Classifies the cart's lines; a line whose sale has not started refuses the whole checkout (409). */
export async function saleLinesOf(lines: readonly StockLine[]): Promise<SaleLines> {
  const sales = await productsInSale(lines.map((line) => line.productId));
  const running: SaleLines['running'] = [];
  const queued = new Map<number, SaleLines['queued'][number]>();
  for (const line of lines) {
    const found = sales.get(line.productId);
    if (!found) continue;
    if (found.phase === 'scheduled') {
      throw new NotStartedError(line.productId, found.sale.startsAt, found.item.name);
    }
    running.push({ ...line, saleId: found.sale.id });
    if (guardedByLine(found.sale))
      queued.set(found.sale.id, { sale: found.sale, productName: found.item.name });
  }
  return { running, queued: [...queued.values()], inSale: sales.size > 0 };
}

/**
 * The buyer's admission to each queued sale of the cart (lib/queue): the cookie, then Redis once; 409
 * `{error, queue}` without one. Redis away: the cookie stands.
 */
export async function confirmAdmissions(
  ctx: RequestContext,
  userId: number,
  queued: SaleLines['queued'],
): Promise<void> {
  for (const { sale, productName } of queued) await confirmAdmission(ctx, sale, userId, productName);
}

/**
 * After an order holding a queued sale's item: the buyer's admission ends and the next place is admitted
 * at once (lib/queue release), and their admission cookie goes. The sale is read again first, so a line
 * whose last unit this order sold admits nobody. Never fails the order: a failure is logged, and the
 * admission then ends at its expiry.
 */
export async function releaseAdmissions(
  ctx: RequestContext,
  userId: number,
  queued: SaleLines['queued'],
): Promise<void> {
  await Promise.all(
    queued.map(async ({ sale }) => {
      try {
        await getSaleRegistry().reload(sale.id);
        const current = (await getSaleRegistry().get(sale.id)) ?? sale;
        await getQueueLines().release(current, userId);
      } catch (error) {
        console.error(
          `checkout: line of sale ${sale.id} not released for user ${userId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      ctx.cookies.set(admissionCookieName(sale.id), '', cookieAttributes(ctx.secure, 0));
    }),
  );
}

/** The sale gate's answer as checkout uses it: holds, or the 409 to answer. */
export type SaleGateOutcome =
  | { holds: SaleHold[]; refusal?: undefined }
  | {
      refusal: OutOfStockError | OverLimitError;
      /** Another checkout of this user holds units of the item: perhaps a double-click's first. */
      contended: boolean;
    };

/**
 * The sale gate's holds for the running sale lines, or its refusal: sold out `{productId, available}`,
 * over the limit `{productId, limit, bought}`. When Redis (or the seed's PostgreSQL read) cannot be
 * asked: no holds, and place_order decides units and limit alone.
 */
export async function takeFromSaleGate(
  gate: SaleGate,
  userId: number,
  lines: SaleLines['running'],
): Promise<SaleGateOutcome> {
  if (lines.length === 0) return { holds: [] };
  let decision;
  try {
    decision = await gate.take(userId, lines);
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(`checkout: sale gate: ${error instanceof Error ? error.message : String(error)}`);
    return { holds: [] };
  }
  if (decision.kind === 'held') return { holds: decision.holds };
  const refusal =
    decision.kind === 'sold_out'
      ? new OutOfStockError(decision.productId, decision.available)
      : new OverLimitError(decision.productId, decision.limit, decision.bought);
  return { refusal, contended: decision.contended };
}

/** After an order of sale lines committed: every instance re-reads those sales (one PUBLISH per sale). */
export async function announceSold(lines: SaleLines['running']): Promise<void> {
  await Promise.all([...new Set(lines.map((line) => line.saleId))].map(publishSaleChange));
}

/** What the sale metric counts an attempt's outcome as, if anything (a replay or an outage: nothing). */
export function saleResultOf(outcome: 'placed' | unknown): SaleCheckoutResult | undefined {
  if (outcome === 'placed') return 'placed';
  if (outcome instanceof OutOfStockError) return 'sold_out';
  if (outcome instanceof OverLimitError) return 'over_limit';
  if (outcome instanceof NotStartedError) return 'not_started';
  if (outcome instanceof NoAdmissionError) return 'no_admission';
  return undefined;
}
