import type postgres from 'postgres';
import { isFailure, type LoadReport, type RequestRecord } from './load';
import type { Shopper, Site } from '../../tooling/stack';

/** What a drill verifies after its load, and the figures it prints. */

export interface OrderCheck {
  /** Orders a shopper got a 201 for that PostgreSQL does not hold. */
  lost: number[];
  /** Orders in PostgreSQL no shopper got a 201 for (a doubled or unanswered checkout). */
  unacknowledged: number[];
  total: number;
}

export async function checkOrders(sql: postgres.Sql, report: LoadReport): Promise<OrderCheck> {
  const userIds = report.shoppers.map((state) => state.shopper.userId);
  const rows = await sql<{ id: number }[]>`select id from orders where user_id in ${sql(userIds)}`;
  const inDatabase = new Set(rows.map((row) => Number(row.id)));
  return {
    lost: [...report.acknowledgedOrders].filter((id) => !inDatabase.has(id)),
    unacknowledged: [...inDatabase].filter((id) => !report.acknowledgedOrders.has(id)),
    total: inDatabase.size,
  };
}

export async function signedIn(site: Site, shopper: Shopper): Promise<boolean> {
  const response = await shopper.fetch(`${site.url}/api/auth/me`, {
    headers: { cookie: shopper.cookie },
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { user?: { id: number } };
  return response.status === 200 && body.user?.id === shopper.userId;
}

export async function cartCount(site: Site, shopper: Shopper): Promise<number | undefined> {
  const response = await shopper.fetch(`${site.url}/api/cart`, {
    headers: { cookie: shopper.cookie },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { count: number }).count;
}

export interface SessionCheck {
  /** Shoppers no longer signed in. */
  signedOut: number[];
  /** Shoppers whose cart holds other than what their answered adds say. */
  wrongCarts: Array<{ userId: number; count: number | undefined; expected: string }>;
}

/** Every shopper still signed in, each cart what the answered adds say (unknown outcomes widen the range). */
export async function checkSessionsAndCarts(site: Site, report: LoadReport): Promise<SessionCheck> {
  const signedOut: number[] = [];
  const wrongCarts: SessionCheck['wrongCarts'] = [];
  for (const state of report.shoppers) {
    if (!(await signedIn(site, state.shopper))) signedOut.push(state.shopper.userId);
    if (state.pendingKey) continue; // a checkout never settled: its cart is not known (and the orders check fails)
    const count = await cartCount(site, state.shopper);
    const min = state.confirmedAdds;
    const max = state.confirmedAdds + state.unknownAdds;
    if (count === undefined || count < min || count > max) {
      wrongCarts.push({
        userId: state.shopper.userId,
        count,
        expected: min === max ? `${min}` : `${min}–${max}`,
      });
    }
  }
  return { signedOut, wrongCarts };
}

export interface Figures {
  requests: number;
  /** Answers ≥ 500 and requests with no answer at all (a refusal a drill expects, such as 503, included). */
  failed: number;
  failedPercent: string;
  /** `kind:status` → count, status 0 meaning no answer. */
  failedByKind: Record<string, number>;
}

export function figures(records: readonly RequestRecord[]): Figures {
  const failed = records.filter(isFailure);
  const failedByKind: Record<string, number> = {};
  for (const record of failed) {
    const key = `${record.kind}:${record.status}`;
    failedByKind[key] = (failedByKind[key] ?? 0) + 1;
  }
  return {
    requests: records.length,
    failed: failed.length,
    failedPercent: records.length === 0 ? '0' : ((100 * failed.length) / records.length).toFixed(2),
    failedByKind,
  };
}

/** The drills' figures, printed as they finish: what the README's "Operating it" section quotes. */
export function printDrill(name: string, details: Record<string, unknown>): void {
  const parts = Object.entries(details).map(
    ([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`,
  );
  console.log(`DRILL ${name}: ${parts.join(' ')}`);
}

/** Polls `check` until true; answers how long it took (ms), or throws after `timeoutMs`. */
export async function timeUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
