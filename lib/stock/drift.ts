import 'server-only';
import { isOutage } from '../errors';
import { recordGateDrift } from '../metrics/stock';
import type { StockGate, StockReader } from './gate';
import { getStockGate, readStockFromPostgres } from './index';

/*
 * Whether the stock gate still agrees with PostgreSQL. Checkouts keep two invariants (./scripts.ts): the
 * gate is never above PostgreSQL's stock (a unit leaves the gate when taken, PostgreSQL's stock only at the
 * commit), and the gate plus the units held by checkouts under way is never below it (a hold ends only
 * after its commit, or gives its units back). Reading PostgreSQL, then the gate, then PostgreSQL again makes
 * both tests sound while checkouts run: stock only falls meanwhile, so a gate above the first reading, or
 * gate + held below the second, is drift rather than a race. (An admin's stock edit or a cancelled order
 * raises the stock and resets the gate a moment later: the alert waits minutes, not one check.)
 *
 * What drifts it: checkouts placed while the session Redis was away (PostgreSQL decides alone; the gate,
 * back from its AOF, keeps its old value), a Redis restarted from an AOF that lost its last second, stock
 * changed in PostgreSQL by hand. Too high, the gate lets losers through to PostgreSQL (which refuses them);
 * too low, it answers "sold out" while PostgreSQL has units.
 */

const CHECK_EVERY_MS = 30_000;

export interface GateDrift {
  productId: number;
  /** PostgreSQL's stock at the first and the second reading. */
  stockBefore: number;
  stockAfter: number;
  gate: number;
  held: number;
}

/** Compares the gate of `productIds` (by default those this process sold lately) with PostgreSQL. */
export async function findGateDrift(
  gate: StockGate,
  readStock: StockReader,
  productIds: readonly number[] = gate.recentlySold(),
): Promise<{ checked: number; drifting: GateDrift[] }> {
  if (productIds.length === 0) return { checked: 0, drifting: [] };
  const before = await readStock(productIds);
  const states = await Promise.all(productIds.map((productId) => gate.state(productId)));
  const after = await readStock(productIds);
  const drifting: GateDrift[] = [];
  let checked = 0;
  productIds.forEach((productId, index) => {
    const state = states[index];
    const [stockBefore, stockAfter] = [before.get(productId), after.get(productId)];
    // No gate value (expired, reset) or no product: nothing to disagree.
    if (!state || stockBefore === undefined || stockAfter === undefined) return;
    checked += 1;
    if (state.value > stockBefore || state.value + state.held < stockAfter) {
      drifting.push({ productId, stockBefore, stockAfter, gate: state.value, held: state.held });
    }
  });
  return { checked, drifting };
}

/** Checks this process's recently sold products every 30 s (from instrumentation.ts), into the metrics. */
export function startGateDriftCheck(): void {
  const timer = setInterval(() => {
    findGateDrift(getStockGate(), readStockFromPostgres)
      .then(({ checked, drifting }) => {
        recordGateDrift(checked, drifting.length);
        for (const drift of drifting)
          console.warn(`stock gate: drifted from PostgreSQL ${JSON.stringify(drift)}`);
      })
      .catch((error: unknown) => {
        // An outage has its own alerts; the next check tries again.
        if (!isOutage(error)) console.error('stock gate: drift check failed', error);
      });
  }, CHECK_EVERY_MS);
  timer.unref();
}
