import 'server-only';
import type { UserSession } from '../auth/guard';
import { isOutage, RequestError } from '../errors';
import { getQueueLines, standingOf, writeAdmission, type QueueStatus } from '../queue';
import { getSaleRegistry, parseSaleId, recordStatus, type SaleRecord, type SaleStatus } from '../sales';
import type { RequestContext } from '../session/current';

/*
 * What the line's page (/queue/[saleId]) and its actions (joining, "Go to the product") ask of a sale's
 * line: the sale from this instance's registry (no PostgreSQL), the shopper's standing from lib/queue
 * (this instance's once-a-second view, so a page's render costs no Redis command once the place is known),
 * and the admission cookie for a shopper whose turn it is. Redis away never fails the page: the standing
 * comes back `paused` (the last reading) or `unknown` (never read), and the page says the line is paused.
 */

/** The sale this instance lists, when it has a line (a waiting room); undefined otherwise. */
export async function saleLineRecord(saleId: string | number): Promise<SaleRecord | undefined> {
  const id = typeof saleId === 'number' ? saleId : parseSaleId(saleId);
  if (id === undefined) return undefined;
  const record = await getSaleRegistry().get(id);
  return record?.queue ? record : undefined;
}

/** The sale as the line's page shows it. */
export interface LinePageSale {
  id: number;
  name: string;
  status: SaleStatus;
  startsAt: string;
  endsAt: string;
  /** The sale's products. */
  products: { slug: string; name: string; href: string }[];
  /** Where an admitted shopper is taken: the product of a one-product sale, else the sale on /sales. */
  entry: SaleEntry;
  /** Places admitted so far, as this instance last read the line; null before the draw. */
  admittedThrough: number | null;
}

export function linePageSale(record: SaleRecord, now = Date.now()): LinePageSale {
  return {
    id: record.id,
    name: record.name,
    status: recordStatus(record, now),
    startsAt: record.startsAt.toISOString(),
    endsAt: (record.endedAt ?? record.endsAt).toISOString(),
    products: record.items.map((item) => ({
      slug: item.slug,
      name: item.name,
      href: productHref(item.slug),
    })),
    entry: saleEntry(record),
    admittedThrough: getSaleRegistry().lineOf(record.id)?.admittedThrough ?? null,
  };
}

export const productHref = (slug: string) => `/products/${encodeURIComponent(slug)}`;

export interface SaleEntry {
  href: string;
  /** What is there: the product's name, or the sale's. */
  name: string;
  /** What the button that goes there says. */
  label: string;
}

/**
 * Where a shopper whose turn it is goes: the product itself when the sale has one, else the sale's entry on
 * /sales, which lists every product of it (the admission holds for each).
 */
export function saleEntry(record: Pick<SaleRecord, 'id' | 'name' | 'items'>): SaleEntry {
  const [only, ...more] = record.items;
  return only && more.length === 0
    ? { href: productHref(only.slug), name: only.name, label: 'Go to the product' }
    : { href: `/sales#sale-${record.id}`, name: record.name, label: 'Go to the sale' };
}

/**
 * Where the shopper stands:
 * - `in-line`: the contract's status; `paused` when Redis could not be read just now (the last reading).
 * - `not-joined`: this account is not in the line (the page offers "Join the line").
 * - `unknown`: Redis is away and this instance never read this account's place: it may well be in line.
 */
export type LineStanding =
  { kind: 'in-line'; status: QueueStatus; paused: boolean } | { kind: 'not-joined' } | { kind: 'unknown' };

export async function lineStandingOf(record: SaleRecord, userId: number): Promise<LineStanding> {
  try {
    const { body, stale } = await standingOf(record, userId);
    return { kind: 'in-line', status: body, paused: stale };
  } catch (error) {
    if (isOutage(error)) return { kind: 'unknown' };
    if (!(error instanceof RequestError) || error.status !== 404) throw error;
    // Not in line by the last reading; when that reading failed, Redis could not say.
    const view = await getQueueLines().view(record);
    return view?.stale ? { kind: 'unknown' } : { kind: 'not-joined' };
  }
}

/**
 * The shopper's turn, proven to this browser: when they hold an admission now, the sale's signed
 * admission cookie (bound to this session) is set and its expiry returned; null when it is not their
 * turn. Only where cookies can be written (a server action, a route handler).
 */
export async function admitToSale(
  ctx: RequestContext,
  session: UserSession,
  record: SaleRecord,
): Promise<number | null> {
  const { admittedUntil } = await standingOf(record, session.userId);
  if (admittedUntil === null) return null;
  writeAdmission(
    ctx.cookies,
    { saleId: record.id, userId: session.userId, sessionId: session.id, expiresAt: admittedUntil },
    ctx.secure,
  );
  return admittedUntil;
}
