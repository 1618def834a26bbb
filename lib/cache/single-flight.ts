/**
 * In-process request coalescing: concurrent callers for one key share one promise, so 500 simultaneous
 * reads of a cold key make one Redis round trip and at most one load in this process.
 *
 * The caller that runs a flight may call `markWaiting()` once the flight turns into a wait on a load (its
 * own loader run, or another process's lock): from then on every caller that joined it, or joins it, is
 * reported once through `onJoinerWaits` (the lock-wait metric), where and when that wait happens.
 */

interface Flight<T> {
  promise: Promise<T>;
  joiners: number;
  waiting: boolean;
  onJoinerWaits: () => void;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** Runs `fn` unless a flight for `key` is already under way, whose promise is then shared. */
  run(key: string, fn: (markWaiting: () => void) => Promise<T>, onJoinerWaits: () => void = () => {}) {
    const existing = this.flights.get(key);
    if (existing) {
      existing.joiners += 1;
      if (existing.waiting) existing.onJoinerWaits();
      return existing.promise;
    }
    const flight: Flight<T> = {
      promise: Promise.resolve() as Promise<T>,
      joiners: 0,
      waiting: false,
      onJoinerWaits,
    };
    const markWaiting = () => {
      if (flight.waiting) return;
      flight.waiting = true;
      for (let joiner = 0; joiner < flight.joiners; joiner += 1) onJoinerWaits();
    };
    flight.promise = fn(markWaiting).finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight.promise;
  }

  has(key: string): boolean {
    return this.flights.has(key);
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
