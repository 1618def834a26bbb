import { LRUCache } from 'lru-cache';
import { RequestError, UnavailableError } from '../errors';
import { recordStatus, type SaleRecord } from '../sales';
import { getQueueLines, specOf, type LineView } from './lines';
import type { Standing } from './store';

/*
 * A shopper's place in a sale's line (`GET`/`POST /api/sales/{id}/queue`, CONTRACT.md): computed from
 * this instance's once-a-second view of the line (./lines.ts) and the shopper's own place, which never
 * changes once drawn and is therefore read from Redis once per instance and kept. So a waiting shopper's
 * polls cost no Redis command.
 */

export type QueueStatusName = 'registered' | 'waiting' | 'admitted' | 'sold_out' | 'ended';

export interface QueueStatus {
  status: QueueStatusName;
  /** The place in line (1 = first); null until the places are drawn at the start. */
  position: number | null;
  /** Places still waiting ahead of this one. */
  ahead: number | null;
  estimatedWaitSeconds: number | null;
  /** When to ask again: the page's poll (and a no-JavaScript page's refresh) interval. */
  retryAfterSeconds: number;
}

/** A status, and for an admitted shopper the admission's expiry (the cookie's). */
export interface StandingAnswer {
  body: QueueStatus;
  admittedUntil: number | null;
  /** The line could not be read just now (Redis away): the answer is the last reading's. */
  stale: boolean;
}

/**
 * Polls are at least this far apart: 0.1 requests a second per waiting shopper at most. The page learns
 * of its turn sooner from the sale's event stream.
 */
export const MIN_RETRY_SECONDS = 10;
const MAX_RETRY_SECONDS = 60;

// Places never change once drawn: kept per instance (an early joiner's "not drawn yet" only until the draw).
const standings = new LRUCache<string, Standing>({ max: 200_000 });
const standingKey = (saleId: number, userId: number) => `${saleId}:${userId}`;

/** Joins the signed-in `userId` to the sale's line (one place per account) and answers its status. */
export async function joinLine(
  record: SaleRecord,
  userId: number,
  now = Date.now(),
): Promise<StandingAnswer> {
  const lines = getQueueLines();
  const spec = requireLine(record);
  const status = recordStatus(record, now);
  if (status === 'ended') throw new RequestError(409, 'This sale has ended: its line is closed.');
  if (status === 'sold_out') {
    // Nothing left to wait for: the answer is sold out, in line or not (nobody joins).
    return standingOf(record, userId, now).catch((error: unknown) => {
      if (!(error instanceof RequestError && error.status === 404)) throw error;
      const body: QueueStatus = { ...NOT_PLACED, status: 'sold_out', retryAfterSeconds: MAX_RETRY_SECONDS };
      return { body, admittedUntil: null, stale: false };
    });
  }
  const { joinedAt } = await lines.store.join(spec, userId);
  // A late joiner's place is known at once; an early one's at the draw (read then).
  const standing = await lines.store.standing(spec, userId);
  standings.set(standingKey(record.id, userId), standing ?? { joinedAt, place: null });
  return standingOf(record, userId, now);
}

const NOT_PLACED = { position: null, ahead: null, estimatedWaitSeconds: null } as const;

/** The signed-in `userId`'s standing in the sale's line; 404 for an account that has not joined it. */
export async function standingOf(
  record: SaleRecord,
  userId: number,
  now = Date.now(),
): Promise<StandingAnswer> {
  const spec = requireLine(record);
  const view = (await getQueueLines().view(record))!;
  const drawn = view.snapshot !== null;
  const key = standingKey(record.id, userId);
  let standing = standings.get(key);
  if (!standing || (standing.place === null && drawn)) {
    const read = view.stale ? undefined : await getQueueLines().store.standing(spec, userId);
    if (read) standings.set(key, read);
    standing = read ?? standing;
  }
  if (!standing && view.stale) {
    // Redis away, and this instance has not seen this account in line: it cannot tell (a 503, not a 404).
    throw new UnavailableError('redis', new Error(`queue: the line of sale ${record.id} cannot be read`));
  }
  if (!standing) throw new RequestError(404, 'You are not in this line: join it first.');
  return answer(record, view, standing, userId, now);
}

function answer(
  record: SaleRecord,
  view: LineView,
  standing: Standing,
  userId: number,
  now: number,
): StandingAnswer {
  const status = recordStatus(record, now);
  const position = standing.place;
  const snapshot = view.snapshot;
  const make = (name: QueueStatusName, extra: Partial<QueueStatus> = {}): StandingAnswer => ({
    body: {
      status: name,
      position,
      ahead: null,
      estimatedWaitSeconds: null,
      retryAfterSeconds: MIN_RETRY_SECONDS,
      ...extra,
    },
    admittedUntil: null,
    stale: view.stale,
  });
  if (status === 'ended') return make('ended', { retryAfterSeconds: MAX_RETRY_SECONDS });
  if (status === 'scheduled' || !snapshot || position === null) {
    const untilStart = Math.ceil((record.startsAt.getTime() - now) / 1000);
    return make('registered', { retryAfterSeconds: clamp(untilStart, MIN_RETRY_SECONDS, MAX_RETRY_SECONDS) });
  }
  if (status === 'sold_out' || view.soldOut)
    return make('sold_out', { retryAfterSeconds: MAX_RETRY_SECONDS });
  const expiry = snapshot.active.get(userId);
  if (expiry !== undefined && expiry > now) {
    return { ...make('admitted', { ahead: 0, estimatedWaitSeconds: 0 }), admittedUntil: expiry };
  }
  // Admitted before, and the admission is over (used by an order, or expired): the turn has passed.
  if (position <= snapshot.front) return make('ended', { ahead: 0, retryAfterSeconds: MAX_RETRY_SECONDS });
  const ahead = position - snapshot.front - 1;
  const wait = Math.ceil((ahead + 1) / admissionRate(view));
  return make('waiting', {
    ahead,
    estimatedWaitSeconds: wait,
    retryAfterSeconds: clamp(Math.ceil(wait / 4), MIN_RETRY_SECONDS, MAX_RETRY_SECONDS),
  });
}

/** Admissions a second: as measured lately, else the slowest the line can move (every admission used in full). */
function admissionRate(view: LineView): number {
  const floor = view.spec.activeShoppers / (view.spec.admissionMinutes * 60);
  return Math.max(view.rate, floor);
}

function requireLine(record: SaleRecord) {
  const spec = specOf(record);
  if (!spec) throw new RequestError(404, 'This sale has no line.');
  return spec;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
