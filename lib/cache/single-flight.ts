/**
 * In-process request coalescing: concurrent callers for one key share one promise, so 500 simultaneous
 * reads of a cold key make one Redis round trip and at most one load in this process.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Runs `fn` unless a flight for `key` is already under way; `joined` tells the caller which happened. */
  run(key: string, fn: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.flights.get(key);
    if (existing) return { promise: existing, joined: true };
    const promise = fn().finally(() => {
      if (this.flights.get(key) === promise) this.flights.delete(key);
    });
    this.flights.set(key, promise);
    return { promise, joined: false };
  }

  /**
   * Lets the next caller start a new flight (after an invalidation: a load that began before it must not
   * answer requests that arrive after it). The running flight still settles for those already waiting.
   */
  forget(key: string): void {
    this.flights.delete(key);
  }

  get size(): number {
    return this.flights.size;
  }
}
