import 'server-only';
import { isOutage } from '../../errors';
import type { CheckoutMinute } from '../../orders/stats';
import { getSaleGate, getSaleRegistry, saleStatus } from '../../sales';

/*
 * The operator's view of the sales running now: each item's units left (the sale gate's figure, which
 * counts checkouts under way; PostgreSQL's, as the registry last read it, where the gate has none or Redis
 * cannot be asked), and how many checkouts of sale products are refused per second across every instance.
 */

export interface LiveSaleFigures {
  id: number;
  name: string;
  status: 'live' | 'sold_out';
  endsAt: string;
  items: Array<{ productId: number; name: string; units: number; unitsLeft: number }>;
}

export interface SaleFigures {
  live: LiveSaleFigures[];
  /**
   * Refusals (sold out, over the limit, not started) of checkouts holding a sale's product, per second,
   * over the previous minute and the current one so far, all instances; null when the buckets are unread.
   */
  refusalsPerSecond: number | null;
}

export async function readSaleFigures(
  checkouts: readonly CheckoutMinute[] | null,
  now = Date.now(),
): Promise<SaleFigures> {
  const live: LiveSaleFigures[] = [];
  for (const sale of await getSaleRegistry().list()) {
    const items = await Promise.all(
      sale.items.map(async (item) => ({
        productId: item.productId,
        name: item.name,
        units: item.units,
        unitsLeft: (await gateUnitsLeft(sale.id, item.productId)) ?? Math.max(0, item.units - item.unitsSold),
      })),
    );
    const status = saleStatus(
      sale,
      items.map((item) => item.unitsLeft),
      now,
    );
    if (status !== 'live' && status !== 'sold_out') continue;
    live.push({ id: sale.id, name: sale.name, status, endsAt: sale.endsAt.toISOString(), items });
  }
  return { live, refusalsPerSecond: checkouts ? refusalsPerSecond(checkouts, now) : null };
}

/** The last two buckets (the previous minute and the current one so far) over the seconds they cover. */
function refusalsPerSecond(checkouts: readonly CheckoutMinute[], now: number): number {
  const recent = checkouts.slice(-2);
  const refused = recent.reduce((sum, minute) => sum + minute.saleRefused, 0);
  const seconds = (now - (recent[0]?.at ?? now)) / 1000;
  return seconds > 0 ? refused / seconds : 0;
}

async function gateUnitsLeft(saleId: number, productId: number): Promise<number | null> {
  try {
    return await getSaleGate().unitsLeft(saleId, productId);
  } catch (error) {
    if (!isOutage(error)) throw error;
    return null;
  }
}
