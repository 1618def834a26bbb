import { LRUCache } from 'lru-cache';
import { NoSlotError, Semaphore, SingleFlight } from '../concurrency';
import type { CacheKey } from './key';
import { timedLoad, type Loader, type Outcome } from './loader';
import type { CacheMetrics } from './metrics';
import { inCallersContext } from '../telemetry';

/**
 * Loads that skip Redis: while it is down or skipped (the circuit is open, an invalidation is still queued),
 * and always with CACHE_DISABLED. Still one load per key at a time in this process, and at most
 * `concurrency` loads at once, so a Redis outage (or a baseline run) does not become a stampede on
 * PostgreSQL. Nothing is stored in Redis.
 *
 * The wait is bounded too: in a rush, an unbounded queue behind the slots would hold requests past the
 * proxy's timeout while PostgreSQL works for clients who have left. A load that cannot get a slot (too
 * many waiting, or waiting too long) answers with the last value this process returned for the key, if
 * it has one (a Redis outage then serves the page as it last was here, rather than nothing), and
 * otherwise fails as an outage (CacheOverloadedError: a 503 with Retry-After).
 */

export class CacheOverloadedError extends Error {
  constructor(namespace: string, cause: NoSlotError) {
    super(`too many direct loads of ${namespace}: ${cause.message}`, { cause });
    this.name = 'CacheOverloadedError';
  }
}

export interface DirectLoadLimits {
  concurrency: number;
  maxWaiting: number;
  maxWaitMs: number;
  /** Remember what was returned, for the overload fallback (off when the cache is disabled). */
  remember: boolean;
}

export class DirectLoads {
  private readonly flights = new SingleFlight<Outcome>();
  private readonly slots: Semaphore;
  /** The last value returned per key (any tier), by the key's identity: what an overload falls back to. */
  private readonly lastReturned = new LRUCache<string, { value: unknown }>({ max: 10_000 });

  constructor(
    private readonly metrics: CacheMetrics,
    private readonly limits: DirectLoadLimits,
  ) {
    this.slots = new Semaphore(limits.concurrency);
  }

  /** Single-flighted by the key: concurrent callers share one load (and each counts as a lock wait). */
  shared(key: CacheKey, loader: Loader<unknown>): Promise<Outcome> {
    return this.flights.run(
      `direct\u0000${identity(key)}`,
      (markWaiting) => {
        markWaiting();
        return this.run(key, loader);
      },
      inCallersContext(() => this.metrics.lockWait(key.namespace)),
    );
  }

  /** For a caller that single-flights the key itself. */
  async run(key: CacheKey, loader: Loader<unknown>): Promise<Outcome> {
    const { namespace } = key;
    try {
      const { maxWaiting, maxWaitMs } = this.limits;
      const value = await this.slots.run(() => timedLoad(this.metrics, namespace, loader), {
        maxWaiting,
        maxWaitMs,
      });
      return { value, result: 'miss' };
    } catch (error) {
      if (!(error instanceof NoSlotError)) throw error;
      const last = this.lastReturned.get(identity(key));
      if (last) return { value: last.value, result: 'stale' };
      throw new CacheOverloadedError(namespace, error);
    }
  }

  /** Records what a read of `key` returned. */
  remember(key: CacheKey, value: unknown): void {
    if (this.limits.remember) this.lastReturned.set(identity(key), { value });
  }

  /** Forgets a key's last value (it was invalidated here), or a whole namespace's. */
  forget(key: CacheKey): void {
    this.lastReturned.delete(identity(key));
  }

  forgetNamespace(namespace: string): void {
    const prefix = `${namespace}\u0000`;
    for (const id of this.lastReturned.keys()) if (id.startsWith(prefix)) this.lastReturned.delete(id);
  }
}

/** A key's identity across namespace versions (a versioned entry's last value is its namespace's). */
const identity = (key: CacheKey) => `${key.namespace}\u0000${key.versioned}\u0000${key.id}`;
