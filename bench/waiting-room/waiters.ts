import pLimit from 'p-limit';
import type { Account } from './setup';

/*
 * The waiting crowd, waiting as the design makes them wait (docs/queue.md, "What waiting costs"): every
 * waiting page polls `GET /api/sales/{id}/queue` at the `retryAfterSeconds` the server asks, and holds the
 * sale's event stream. Ten thousand open streams would cost this one machine's load generator more than
 * the servers, so a sample of the waiters hold real streams (read, and counted, never parsed) and every
 * waiter polls. A page that has been polling for a while polls at a random moment within its interval, so
 * when the crowd wakes, each waiter's first poll comes at a random moment of the first `settleMs`, its
 * second at a random moment of the interval it was asked, and the rest at that interval: the steady state,
 * not a wave the bench made by waking everyone at once.
 */

export interface WaiterOptions {
  /**
   * The first polls are spread over this long: as long as the longest interval the server asks (60 s), a
   * full run's first polls come at the rate of its steady state, as they would from pages long in line.
   */
  settleMs: number;
  /** How many waiters hold the sale's event stream. */
  streams: number;
  /** Polls in flight at once at most (the load generator's own limit; a poll waits its turn). */
  maxInFlight: number;
}

export interface Waiting {
  account: Account;
  place: number;
}

interface QueueAnswer {
  status: string;
  position: number | null;
  retryAfterSeconds: number;
}

/** What a failed or odd poll waits before the next: the shortest interval the server ever asks. */
const FALLBACK_RETRY_SECONDS = 10;
const STREAM_EVENT = Buffer.from('event: sale');

export class Waiters {
  /** When each poll was sent (Date.now()). */
  readonly polls: number[] = [];
  /** When each stream was opened, and how many `sale` events and bytes the streams received. */
  readonly streamOpens: number[] = [];
  streamEvents = 0;
  streamBytes = 0;
  /** Every `retryAfterSeconds` a waiting answer asked for. */
  readonly asked: number[] = [];
  /** Statuses answered, and polls that got no 200. */
  readonly statuses: Record<string, number> = {};
  /** The first position each account was told (user id → place). */
  readonly positions = new Map<number, number>();
  /** When a place's own poll first said its turn had come (admitted, or ended once its admission was used). */
  readonly learnt = new Map<number, number>();
  /** When each place's next poll is due: a poll the end of the run cut off would have come then. */
  readonly due = new Map<number, number>();
  /** How long each poll took (ms). */
  readonly pollLatencies: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  // One per stream: a signal shared by thousands of requests would carry thousands of listeners.
  private readonly streams = new Set<AbortController>();
  private readonly limit: ReturnType<typeof pLimit>;
  private stopped = false;

  constructor(
    private readonly saleId: number,
    private readonly options: WaiterOptions,
  ) {
    this.limit = pLimit(options.maxInFlight);
  }

  /** Waiters whose first poll has been answered (or failed). */
  firstPollsAnswered = 0;

  start(crowd: readonly Waiting[]): void {
    for (const waiter of crowd) this.schedule(waiter, Math.random() * this.options.settleMs, true);
    for (const waiter of sample(crowd, this.options.streams)) {
      this.after(Math.random() * this.options.settleMs, () => this.hold(waiter));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const stream of this.streams) stream.abort();
  }

  private after(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    this.timers.add(timer);
  }

  private async poll(waiter: Waiting, first: boolean): Promise<void> {
    const answer = await this.limit(() => (this.stopped ? undefined : this.ask(waiter)));
    if (this.stopped || answer === undefined) return;
    if (first) this.firstPollsAnswered += 1;
    const status = answer?.status ?? 'no answer';
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    const position = answer?.position ?? null;
    if (position !== null && !this.positions.has(waiter.account.userId)) {
      this.positions.set(waiter.account.userId, position);
    }
    if (status === 'admitted' || status === 'ended' || status === 'sold_out') {
      if (status !== 'sold_out') this.learnt.set(waiter.place, Date.now());
      return; // the page goes to the product (or says the turn has passed): no more polls
    }
    const retryMs = (answer?.retryAfterSeconds ?? FALLBACK_RETRY_SECONDS) * 1000;
    if (answer) this.asked.push(answer.retryAfterSeconds);
    this.schedule(waiter, first ? Math.random() * retryMs : retryMs, false);
  }

  private schedule(waiter: Waiting, ms: number, first: boolean): void {
    this.due.set(waiter.place, Date.now() + ms);
    this.after(ms, () => this.poll(waiter, first));
  }

  /** One poll; null when it got no answer or not a 200 with the status. */
  private async ask({ account }: Waiting): Promise<QueueAnswer | null> {
    this.polls.push(Date.now());
    const started = performance.now();
    try {
      const response = await fetch(`${account.baseURL}/api/sales/${this.saleId}/queue`, {
        headers: { cookie: account.cookie },
      });
      const body = await response.text();
      this.pollLatencies.push(performance.now() - started);
      return response.status === 200 ? (JSON.parse(body) as QueueAnswer) : null;
    } catch {
      return null;
    }
  }

  /** Holds the sale's event stream until stopped, counting its events and bytes. */
  private async hold({ account }: Waiting): Promise<void> {
    if (this.stopped) return;
    this.streamOpens.push(Date.now());
    const controller = new AbortController();
    this.streams.add(controller);
    try {
      const response = await fetch(`${account.baseURL}/api/sales/${this.saleId}/events`, {
        headers: { accept: 'text/event-stream', cookie: account.cookie },
        signal: controller.signal,
      });
      if (!response.body) return;
      const reader = response.body.getReader();
      let carry = Buffer.alloc(0);
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) return;
        const bytes = Buffer.concat([carry, chunk]);
        this.streamBytes += chunk.byteLength;
        for (let at = bytes.indexOf(STREAM_EVENT); at >= 0; at = bytes.indexOf(STREAM_EVENT, at + 1)) {
          this.streamEvents += 1;
        }
        // An event name cut across two chunks is counted in the next.
        carry = bytes.subarray(Math.max(0, bytes.length - STREAM_EVENT.length + 1));
      }
    } catch {
      // aborted at stop, or cut
    }
  }
}

/** `count` of `items` picked at random (Fisher–Yates on a copy). */
function sample<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy.slice(0, Math.min(count, copy.length));
}
