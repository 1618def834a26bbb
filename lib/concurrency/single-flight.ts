/**
 * In-process request coalescing: concurrent callers for one key share one promise, so 500 simultaneous
 * reads of a cold key make one Redis round trip and at most one load in this process.
 *
 * The caller that runs a flight may call `markWaiting()` once the flight turns into a wait on a load (its
 * own loader run, or another process's lock): from then on every caller that joined it, or joins it, is
 * reported once through its own `onJoinerWaits` (the lock-wait metric, and the event on that caller's own
 * span: it may bind the callback to its context), where and when that wait happens.
 */

interface Flight<T> {
  promise: Promise<T>;
  /** The joiners' own callbacks, until the flight turns into a wait. */
  joiners: Array<() => void>;
  waiting: boolean;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** Runs `fn` unless a flight for `key` is already under way, whose promise is then shared. */
  run(key: string, fn: (markWaiting: () => void) => Promise<T>, onJoinerWaits: () => void = () => {}) {
    const existing = this.flights.get(key);
    if (existing) {
      if (existing.waiting) onJoinerWaits();
      else existing.joiners.push(onJoinerWaits);
      return existing.promise;
    }
    const flight: Flight<T> = { promise: Promise.resolve() as Promise<T>, joiners: [], waiting: false };
    const markWaiting = () => {
      if (flight.waiting) return;
      flight.waiting = true;
      for (const joinerWaits of flight.joiners.splice(0)) joinerWaits();
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
