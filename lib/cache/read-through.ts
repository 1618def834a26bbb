import { LRUCache } from 'lru-cache';
import type { BriefAdmission } from './budget';
import { SingleFlight } from '../concurrency';
import { decodeEnvelope, freshness, type Envelope } from './envelope';
import { EntryLoader, type Claim, type ProducerLease } from './entry-loader';
import { CacheBackendError } from './errors';
import type { DirectLoads } from './direct-loads';
import type { L1Tier } from './l1';
import { resultOf, type EntryShape, type LocatedEntry, type Loader, type Outcome } from './loader';
import type { CacheMetrics } from './metrics';
import type { CacheSettings } from './options';
import type { RedisStore } from './store';
import type { TagIndex } from './tags';
import { inCallersContext } from '../telemetry';

export interface ReadThroughDeps {
  store: RedisStore;
  l1: L1Tier | undefined;
  metrics: CacheMetrics;
  settings: CacheSettings;
  /** Where a read goes when Redis fails under it. */
  direct: DirectLoads;
  tags: TagIndex;
  admission: BriefAdmission;
}

/**
 * The read path, from the in-process tier down (the one place that reads and fills L1): L1; else one
 * flight per key in this process, which reads Redis and serves a fresh value, or serves a stale one and
 * refreshes it in the background, or loads under the cross-process lock (./entry-loader.ts). Any Redis
 * failure turns into a direct, concurrency-capped load.
 */
export class ReadThrough {
  private readonly flights = new SingleFlight<Outcome>();
  private readonly refreshes = new SingleFlight<void>();
  private readonly loads: EntryLoader;
  /** Keys whose last background refresh failed, until they may be retried (the stale value covers). */
  private readonly failedRefreshes: LRUCache<string, true>;
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly deps: ReadThroughDeps) {
    this.loads = new EntryLoader(deps);
    this.failedRefreshes = new LRUCache({ max: 10_000, ttl: deps.settings.failureBackoffMs });
  }

  async read(entry: LocatedEntry, loader: Loader<unknown>, shape: EntryShape): Promise<Outcome> {
    const local = this.deps.l1?.get(entry.keys.value, Date.now());
    if (local) return { value: local.value, result: resultOf(local.value), tier: 'l1' };
    const { namespace } = entry.key;
    return this.flights.run(
      entry.keys.value,
      (markWaiting) => this.resolve(entry, loader, shape, markWaiting),
      // A joiner's wait is noted on its own span, though the flight's runner reports it.
      inCallersContext(() => this.deps.metrics.lockWait(namespace)),
    );
  }

  /**
   * For values produced outside the engine: the entry's value from L1, else Redis (fresh or stale), else
   * undefined. Redis errors count as a miss. Never loads.
   */
  async peek(entry: LocatedEntry, shape: EntryShape): Promise<Outcome | undefined> {
    const local = this.deps.l1?.get(entry.keys.value, Date.now());
    if (local) return { value: local.value, result: resultOf(local.value), tier: 'l1' };
    const ticket = this.deps.l1?.ticket() ?? 0;
    let raw: string | null;
    try {
      raw = await this.deps.store.get(entry.key.namespace, entry.keys.value);
    } catch (error) {
      if (error instanceof CacheBackendError) return undefined;
      throw error;
    }
    const found = decodeEnvelope(raw, shape.schema);
    const state = found ? freshness(found, Date.now()) : 'expired';
    if (!found || state === 'expired') return undefined;
    if (state === 'fresh') return this.cached(entry, found, ticket, shape);
    return { value: found.value, result: 'stale', tier: 'l2' };
  }

  /** EntryLoader.claim, with a value found meanwhile kept in L1. */
  async claim(entry: LocatedEntry, shape: EntryShape, waitMs: number): Promise<Claim> {
    const ticket = this.deps.l1?.ticket() ?? 0;
    const claim = await this.loads.claim(entry, shape, waitMs);
    if (claim.kind === 'filled') this.fillL1(entry, claim.envelope, ticket, shape);
    return claim;
  }

  async storeProduced(
    entry: LocatedEntry,
    value: unknown,
    shape: EntryShape,
    lease: ProducerLease | null,
    startedAt: number,
  ): Promise<boolean> {
    // Taken before the write: an invalidation of the key meanwhile refuses the fill (as for a load).
    const ticket = this.deps.l1?.ticket() ?? 0;
    const stored = await this.loads.storeProduced(entry, value, shape, lease, startedAt);
    if (stored) this.fillL1(entry, stored, ticket, shape);
    return stored !== undefined;
  }

  release(entry: LocatedEntry, lease: ProducerLease): void {
    this.loads.release(entry, lease);
  }

  /** Drops a key from L1 and lets the next read start a new flight instead of joining an older one. */
  forget(valueKey: string): void {
    this.deps.l1?.delete(valueKey);
    this.flights.forget(valueKey);
  }

  /** Settles once every background refresh started so far has. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async resolve(
    entry: LocatedEntry,
    loader: Loader<unknown>,
    shape: EntryShape,
    markWaiting: () => void,
  ): Promise<Outcome> {
    const { namespace } = entry.key;
    // Taken before Redis is read: an invalidation of the key after this point refuses the fill.
    const ticket = this.deps.l1?.ticket() ?? 0;
    let raw: string | null;
    try {
      raw = await this.deps.store.get(namespace, entry.keys.value);
    } catch (error) {
      if (!(error instanceof CacheBackendError)) throw error;
      return this.loadDirectly(entry, loader, markWaiting);
    }
    const found = decodeEnvelope(raw, shape.schema);
    const state = found ? freshness(found, Date.now()) : 'expired';
    if (found && state === 'fresh') return this.cached(entry, found, ticket, shape);
    if (found && state === 'stale') {
      this.refreshInBackground(entry, loader, shape);
      return { value: found.value, result: 'stale', tier: 'l2' };
    }
    const load = await this.loads.loadMissing(entry, loader, shape, markWaiting);
    switch (load.kind) {
      case 'cached':
        return this.cached(entry, load.envelope, ticket, shape);
      case 'loaded':
        if (load.stored) this.fillL1(entry, load.stored, ticket, shape);
        return { value: load.value, result: 'miss' };
      case 'unavailable':
        return this.loadDirectly(entry, loader, markWaiting);
    }
  }

  private refreshInBackground(entry: LocatedEntry, loader: Loader<unknown>, shape: EntryShape): void {
    const valueKey = entry.keys.value;
    if (this.failedRefreshes.has(valueKey) || this.refreshes.has(valueKey)) return;
    const promise = this.refreshes.run(valueKey, async () => {
      const ticket = this.deps.l1?.ticket() ?? 0;
      try {
        const stored = await this.loads.refresh(entry, loader, shape);
        if (stored) this.fillL1(entry, stored, ticket, shape);
      } catch (error) {
        // Never rejects: a background refresh has no caller to tell. Loader failures back off.
        if (!(error instanceof CacheBackendError)) this.failedRefreshes.set(valueKey, true);
      }
    });
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }

  private loadDirectly(entry: LocatedEntry, loader: Loader<unknown>, markWaiting: () => void) {
    markWaiting();
    return this.deps.direct.run(entry.key, loader);
  }

  private cached(entry: LocatedEntry, envelope: Envelope, ticket: number, shape: EntryShape): Outcome {
    this.fillL1(entry, envelope, ticket, shape);
    return { value: envelope.value, result: resultOf(envelope.value), tier: 'l2' };
  }

  private fillL1(entry: LocatedEntry, envelope: Envelope, ticket: number, shape: EntryShape): void {
    const local = { value: envelope.value, softExpiresAt: envelope.softExpiresAt };
    this.deps.l1?.set(entry.keys.value, local, ticket, Date.now(), shape.l1TtlMs);
  }
}
