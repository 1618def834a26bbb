import { timedLoad, type Loader, type Outcome } from './loader';
import type { CacheMetrics } from './metrics';
import { Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';

/**
 * Loads that skip Redis: while it is down or skipped (the circuit is open, an invalidation is still queued),
 * and always with CACHE_DISABLED. Still one load per key at a time in this process, and at most
 * `concurrency` loads at once, so a Redis outage (or a baseline run) does not become a stampede on
 * PostgreSQL. Nothing is stored.
 */
export class DirectLoads {
  private readonly flights = new SingleFlight<Outcome>();
  private readonly slots: Semaphore;

  constructor(
    private readonly metrics: CacheMetrics,
    concurrency: number,
  ) {
    this.slots = new Semaphore(concurrency);
  }

  /** Single-flighted by `flightKey`: concurrent callers share one load (and each counts as a lock wait). */
  shared(flightKey: string, namespace: string, loader: Loader<unknown>): Promise<Outcome> {
    return this.flights.run(
      flightKey,
      (markWaiting) => {
        markWaiting();
        return this.run(namespace, loader);
      },
      () => this.metrics.lockWait(namespace),
    );
  }

  /** For a caller that single-flights the key itself. */
  async run(namespace: string, loader: Loader<unknown>): Promise<Outcome> {
    const value = await this.slots.run(() => timedLoad(this.metrics, namespace, loader));
    return { value, result: 'miss' };
  }
}
