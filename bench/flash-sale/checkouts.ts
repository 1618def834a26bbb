import { randomUUID } from 'node:crypto';
import type { LimitFunction } from 'p-limit';
import { progressBar } from '../progress';
import { baseUrlFor } from './shoppers';
import type { BenchStore } from './store';

/** One checkout as the client saw it; status 0 is a request that got no answer at all. */
export interface CheckoutAnswer {
  status: number;
  latencyMs: number;
}

export interface SaleRun {
  answers: CheckoutAnswer[];
  /** performance.now() when the first checkout was sent and when the last answer came. */
  startedAt: number;
  endedAt: number;
}

/**
 * Every shopper checks out once, `limit` at a time over both instances. Each request is timed from when
 * it is sent, not from when it was queued behind the limit: the latency is the server's, not the queue's.
 */
export async function runSale(store: BenchStore, cookies: string[], limit: LimitFunction): Promise<SaleRun> {
  const bar = progressBar('checkouts', cookies.length, '201: {won}  409: {lost}  other: {other}');
  const tally = { won: 0, lost: 0, other: 0 };
  const startedAt = performance.now();
  try {
    const answers = await Promise.all(
      cookies.map((cookie, index) =>
        limit(async () => {
          const answer = await checkout(baseUrlFor(store, index), cookie);
          tally[answer.status === 201 ? 'won' : answer.status === 409 ? 'lost' : 'other'] += 1;
          bar.increment(1, tally);
          return answer;
        }),
      ),
    );
    return { answers, startedAt, endedAt: performance.now() };
  } finally {
    bar.stop();
  }
}

async function checkout(baseURL: string, cookie: string): Promise<CheckoutAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseURL}/api/checkout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    });
    await response.arrayBuffer();
    return { status: response.status, latencyMs: performance.now() - started };
  } catch {
    return { status: 0, latencyMs: performance.now() - started };
  }
}
