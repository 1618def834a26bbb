import { readSse, type SseFrames } from '../../tooling/sse';

/*
 * The line's front as one instance's event stream of the sale tells it: every `sale` event carries
 * `queue.admittedThrough`, and a waiting page learns of its turn when that reaches its place. The bench holds
 * one such stream per instance and keeps when each front was first seen, so "when did a page on this
 * instance learn that place N was admitted" is a lookup, and a shopper can wait for its turn on it.
 */

interface Seen {
  front: number;
  at: number;
}

export class FrontWatch {
  front = 0;
  private readonly seen: Seen[] = [];
  private readonly controller = new AbortController();
  private wakers = new Set<() => void>();
  private ended = false;

  private constructor(readonly baseURL: string) {}

  static async open(baseURL: string, saleId: number): Promise<FrontWatch> {
    const watch = new FrontWatch(baseURL);
    const response = await fetch(`${baseURL}/api/sales/${saleId}/events`, {
      headers: { accept: 'text/event-stream' },
      signal: watch.controller.signal,
    });
    if (!response.ok || !response.body)
      throw new Error(`the sale's event stream answered ${response.status}`);
    const frames: SseFrames = { events: [], comments: [], retry: undefined };
    void readSse(response.body, frames, () => watch.onFrame(frames)).finally(() => {
      watch.ended = true;
      watch.wake();
    });
    return watch;
  }

  /** When this stream first said that `place` was admitted (Date.now()), if it has. */
  learntAt(place: number): number | undefined {
    // `seen` ascends in both front and time: the first entry whose front reaches the place.
    let low = 0;
    let high = this.seen.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.seen[middle]!.front >= place) high = middle;
      else low = middle + 1;
    }
    return this.seen[low]?.at;
  }

  /** Resolves true once `place` is admitted, false if `stopped()` turns true or the stream ends first. */
  async until(place: number, stopped: () => boolean): Promise<boolean> {
    while (this.front < place) {
      if (stopped() || this.ended) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 250); // also re-checks `stopped`
        const wakers = this.wakers;
        function done() {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        }
        wakers.add(done);
      });
    }
    return true;
  }

  close(): void {
    this.controller.abort();
  }

  private onFrame(frames: SseFrames): void {
    const last = frames.events.at(-1);
    frames.events.length = 0;
    frames.comments.length = 0;
    if (!last || last.event !== 'sale') return;
    const sale = JSON.parse(last.data) as { queue: { admittedThrough: number | null } | null };
    const front = sale.queue?.admittedThrough ?? 0;
    if (front <= this.front) return;
    this.front = front;
    this.seen.push({ front, at: last.at });
    this.wake();
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = new Set();
    for (const wake of wakers) wake();
  }
}
