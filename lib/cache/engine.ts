import { randomUUID } from 'node:crypto';
import { cacheKeys } from '../redis/keys';
import { checkTag, type CacheKey } from './key';
import { encodeBusMessage, InvalidationBus } from './bus';
import { BriefAdmission } from './budget';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { CacheBackendError } from './errors';
import { L1Tier } from './l1';
import { noopCacheMetrics, type CacheMetrics } from './metrics';
import { resolveSettings, type CacheEngineOptions, type CacheSettings } from './options';
import { PendingInvalidations } from './pending-invalidations';
import { DirectLoads } from './direct-loads';
import type { EntryShape, LocatedEntry, Loader, Outcome } from './loader';
import { ReadThrough } from './read-through';
import type { ProducerLease as EntryProducerLease } from './entry-loader';
import { readSpan, withSpanEvents } from './spans';
import { RedisStore } from './store';
import { TagIndex } from './tags';

export interface GetOrLoadOptions<T = unknown> {
  /** The version of the value's shape (default 1): bump it when the shape changes; older entries are misses. */
  schemaVersion?: number;
  /**
   * How long the in-process tier may hold this entry, instead of its short default cap: for data that
   * changes rarely and is read on every page (the bus still drops it at once on invalidation; only a lost
   * bus message could leave it this far behind).
   */
  l1TtlSeconds?: number;
  /**
   * Tags for `invalidateTags()`: given, or computed from the loaded value (`null` for "not found"), e.g. a
   * page's own id and those of the items it shows. An entry is stored only once registered under each.
   */
  tags?: readonly string[] | ((value: T | null) => readonly string[]);
  /**
   * Whether the entry is one of an endless family a stranger can vary (a search, an empty or odd-sized
   * page): kept about a minute, never stale, and only within its namespace's budget (./budget.ts). Given, or
   * computed from the loaded value (never called for "not found", which is always brief).
   */
  brief?: boolean | ((value: T) => boolean);
}

/** How a produced entry is kept (see CacheEngine.peek). */
export interface ProducedEntryOptions {
  schemaVersion?: number;
  l1TtlSeconds?: number;
  /** As GetOrLoadOptions.brief. */
  brief?: boolean;
}

/** The right to store a produced value (opaque to callers). */
export interface ProducerLease {
  readonly entry: LocatedEntry;
  readonly lease: EntryProducerLease;
}

export type ProducerClaim =
  { kind: 'filled'; value: unknown } | { kind: 'claimed'; lease: ProducerLease } | { kind: 'unavailable' };

function shapeOf(options: ProducedEntryOptions): EntryShape {
  return {
    schema: options.schemaVersion ?? 1,
    l1TtlMs: options.l1TtlSeconds === undefined ? undefined : options.l1TtlSeconds * 1000,
    brief: options.brief,
  };
}

export interface CacheStatus {
  circuit: CircuitState;
  bus: 'up' | 'down' | 'off';
  l1Entries: number;
  pendingInvalidations: number;
}

const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * Cache-aside over Redis with an in-process tier (L1), stampede protection in and across processes,
 * stale-while-revalidate, fail-safe, negative caching, and invalidation that no in-flight load can undo.
 * It knows nothing about what it caches: callers name keys with `cacheKey()` and pass a loader.
 */
export class CacheEngine {
  readonly keyPrefix: string;
  private readonly settings: CacheSettings;
  private readonly metrics: CacheMetrics;
  private readonly instanceId = randomUUID();
  private readonly breaker: CircuitBreaker;
  private readonly direct: DirectLoads;
  private readonly pending: PendingInvalidations;
  private readonly store: RedisStore | undefined;
  private readonly tags: TagIndex | undefined;
  private readonly readThrough: ReadThrough | undefined;
  private readonly l1: L1Tier | undefined;
  private readonly bus: InvalidationBus | undefined;

  constructor(options: CacheEngineOptions) {
    this.settings = resolveSettings(options);
    this.keyPrefix = this.settings.keyPrefix;
    // Lock waits and absorbed Redis failures are noted on the request's span too (./spans.ts).
    this.metrics = withSpanEvents(options.metrics ?? noopCacheMetrics);
    this.breaker = new CircuitBreaker({
      failureThreshold: this.settings.breakerThreshold,
      coolDownMs: this.settings.breakerCoolDownMs,
      onChange: (state) => this.metrics.circuitOpen(state !== 'closed'),
    });
    this.pending = new PendingInvalidations(
      {
        invalidateEntry: (key) => this.invalidateEntry(key),
        invalidateNamespace: (ns) => this.bumpNamespace(ns),
        invalidateTag: (tag) => this.sweepTag(tag),
      },
      MAX_PENDING_INVALIDATIONS,
      (namespace) => this.metrics.error(namespace),
    );
    this.direct = new DirectLoads(this.metrics, {
      concurrency: this.settings.bypassConcurrency,
      maxWaiting: this.settings.bypassMaxWaiting,
      maxWaitMs: this.settings.bypassMaxWaitMs,
      remember: !options.disabled,
    });
    if (options.disabled) return;
    if (!options.redis) throw new TypeError('CacheEngine needs a Redis client unless it is disabled');
    this.store = new RedisStore(options.redis, this.breaker, this.metrics, this.settings.commandDeadlineMs);
    this.tags = new TagIndex(
      this.store,
      this.keyPrefix,
      this.settings.companionTtlMs,
      this.settings.tagWriteWindowMs,
    );
    const admission = new BriefAdmission(this.store, this.keyPrefix, this.settings.briefBudget);
    if (options.subscriber && this.settings.l1MaxEntries > 0) {
      const l1 = new L1Tier({ maxEntries: this.settings.l1MaxEntries, ttlCapMs: this.settings.l1TtlMs });
      this.l1 = l1;
      const channel = cacheKeys(this.keyPrefix).busChannel();
      this.bus = new InvalidationBus(options.subscriber, channel, this.instanceId, {
        onInvalidate: (valueKey) => this.forgetLocally(valueKey),
        onStateChange: (up) => l1.setActive(up),
      });
    }
    this.readThrough = new ReadThrough({
      store: this.store,
      l1: this.l1,
      metrics: this.metrics,
      settings: this.settings,
      direct: this.direct,
      tags: this.tags,
      admission,
    });
  }

  /**
   * The value for `key`: from the in-process tier, else Redis, else `loader` (run once across all callers
   * and instances, and stored). Never fails because of Redis; rejects only with the loader's own error
   * when no usable value exists. Returned values are deep-frozen (they are shared between callers).
   */
  async getOrLoad<T>(key: CacheKey, loader: Loader<T>, options: GetOrLoadOptions<T> = {}): Promise<T | null> {
    const { namespace } = key;
    const shape: EntryShape = {
      schema: options.schemaVersion ?? 1,
      l1TtlMs: options.l1TtlSeconds === undefined ? undefined : options.l1TtlSeconds * 1000,
      // The loader's value is the T it returned (made plain JSON), or null.
      tags: options.tags as EntryShape['tags'],
      brief: options.brief as EntryShape['brief'],
    };
    const outcome = await readSpan('cache.get', key, () => this.lookup(key, loader, shape));
    this.direct.remember(key, outcome.value);
    this.metrics.request(namespace, outcome.result);
    if (outcome.tier) this.metrics.tierHit(namespace, outcome.tier);
    return outcome.value as T | null;
  }

  private async lookup(key: CacheKey, loader: Loader<unknown>, shape: EntryShape): Promise<Outcome> {
    const readThrough = this.readThrough;
    const entry = readThrough ? await this.locateForRead(key) : undefined;
    if (readThrough && entry) return readThrough.read(entry, loader, shape);
    // Disabled, or Redis cannot be trusted right now: the key still loads single-flighted, capped.
    return this.direct.shared(key, loader);
  }

  /*
   * Entries whose value is produced outside the engine: Next.js renders pages and 'use cache' functions
   * itself and hands the result to a cache handler afterwards (lib/pages/cache-handlers). The same tiers,
   * lock, tags and generation checks as getOrLoad, split at the loader: `peek` reads, `claim` takes the
   * right to produce (or waits for another instance's value), `storeProduced` stores under that right.
   */

  /** The stored value of `key` (L1, else Redis; fresh or stale), or undefined: absent, or Redis unusable. */
  async peek(key: CacheKey, options: ProducedEntryOptions = {}): Promise<{ value: unknown } | undefined> {
    const outcome = await readSpan('cache.peek', key, async () => {
      const entry = this.readThrough ? await this.locateForRead(key) : undefined;
      return entry ? await this.readThrough?.peek(entry, shapeOf(options)) : undefined;
    });
    this.metrics.request(key.namespace, outcome ? outcome.result : 'miss');
    if (outcome?.tier) this.metrics.tierHit(key.namespace, outcome.tier);
    return outcome && { value: outcome.value };
  }

  /**
   * The right to produce `key`'s value (one holder across all instances), or the value another holder
   * stored within `waitMs`; 'unavailable' when Redis cannot arrange it (produce without storing) or
   * another holder is still at it after the wait (produce, and store without the right).
   */
  async claim(key: CacheKey, options: ProducedEntryOptions & { waitMs: number }): Promise<ProducerClaim> {
    const entry = this.readThrough ? await this.locateForRead(key) : undefined;
    if (!entry || !this.readThrough) return { kind: 'unavailable' };
    try {
      const claim = await this.readThrough.claim(entry, shapeOf(options), options.waitMs);
      if (claim.kind === 'filled') return { kind: 'filled', value: claim.envelope.value };
      if (claim.kind === 'busy') return { kind: 'unavailable' };
      return { kind: 'claimed', lease: { entry, lease: claim.lease } };
    } catch (error) {
      if (error instanceof CacheBackendError) return { kind: 'unavailable' };
      throw error;
    }
  }

  /**
   * Stores a produced value, under `lease` (from claim) or, without one, as produced from `startedAt`:
   * refused when the entry or one of `tags` was invalidated after the production began. True when stored.
   */
  async storeProduced(
    key: CacheKey,
    value: unknown,
    options: ProducedEntryOptions & { tags?: readonly string[]; lease?: ProducerLease; startedAt: number },
  ): Promise<boolean> {
    const entry = options.lease?.entry ?? (this.readThrough ? await this.locateForRead(key) : undefined);
    if (!entry || !this.readThrough) return false;
    const shape = { ...shapeOf(options), tags: options.tags };
    return this.readThrough.storeProduced(
      entry,
      value,
      shape,
      options.lease?.lease ?? null,
      options.startedAt,
    );
  }

  /**
   * Whether this process's in-process tier holds `key`'s value now: no Redis read, no metrics. For a
   * caller that only needs to know a produced entry is at hand (proxy.ts: a page held whole needs no
   * check of its data). "No" whenever the tier cannot be trusted: the bus down, an invalidation queued.
   */
  holdsLocally(key: CacheKey): boolean {
    if (!this.l1 || key.versioned || this.pending.size > 0) return false;
    return this.l1.get(cacheKeys(this.keyPrefix).entry(key).value, Date.now()) !== undefined;
  }

  /** Gives a claim back without storing anything. */
  releaseClaim(lease: ProducerLease): void {
    this.readThrough?.release(lease.entry, lease.lease);
  }

  /**
   * Drops `key` everywhere (Redis, this process, other instances' L1 via the bus) and makes any load that
   * began before this call unable to store its value. Call it after the database commit. Never rejects
   * because of Redis: when Redis is unreachable the invalidation is queued, and applied before Redis is
   * read again. Resolves true when the invalidation reached Redis now, false when it was queued.
   */
  async invalidate(key: CacheKey): Promise<boolean> {
    this.direct.forget(key);
    if (!this.store) return true;
    return orQueue(this.invalidateEntry(key), () => this.pending.addEntry(key));
  }

  /** Drops every entry of a versioned namespace (keys built with `{ versioned: true }`) at once. */
  async invalidateNamespace(namespace: string): Promise<boolean> {
    this.direct.forgetNamespace(namespace);
    if (!this.store) return true;
    return orQueue(this.bumpNamespace(namespace), () => this.pending.addNamespace(namespace));
  }

  /**
   * Drops every entry stored with any of `tags` (`getOrLoad(…, { tags })`), with `invalidate()`'s
   * guarantees: everywhere (Redis, L1 here and, via the bus, in other instances), no load that began before
   * this call can store its value afterwards (./tags.ts says why), and a tag Redis cannot take now is queued
   * and applied before Redis is read again. Costs one script per tag, then one invalidation per entry.
   */
  async invalidateTags(...tags: string[]): Promise<boolean> {
    const unique = [...new Set(tags.map(checkTag))];
    if (!this.store) return true;
    const applied = await Promise.all(
      unique.map((tag) => orQueue(this.sweepTag(tag), () => this.pending.addTag(tag))),
    );
    return applied.every(Boolean);
  }

  status(): CacheStatus {
    return {
      circuit: this.breaker.state,
      bus: this.bus ? (this.bus.isUp ? 'up' : 'down') : 'off',
      l1Entries: this.l1?.size ?? 0,
      pendingInvalidations: this.pending.size,
    };
  }

  /** Waits for background refreshes, then closes the bus connection (not the command client). */
  async close(): Promise<void> {
    this.pending.close();
    await this.readThrough?.drain();
    await this.bus?.close();
  }

  /**
   * The entry's keys, once no invalidation is outstanding (one queued while Redis was unreachable is applied
   * first, so no read trusts an entry it should have dropped); undefined while Redis cannot be trusted.
   */
  private async locateForRead(key: CacheKey): Promise<LocatedEntry | undefined> {
    try {
      if (this.pending.size > 0) await this.pending.flush();
      return await this.locate(key);
    } catch (error) {
      if (error instanceof CacheBackendError) return undefined;
      throw error;
    }
  }

  private async locate(key: CacheKey): Promise<LocatedEntry> {
    if (!key.versioned) return { key, keys: cacheKeys(this.keyPrefix).entry(key) };
    const versionKey = cacheKeys(this.keyPrefix).namespaceVersion(key.namespace);
    const version = await this.requireStore().namespaceVersion(key.namespace, versionKey);
    return { key, keys: cacheKeys(this.keyPrefix).entry(key, version), version };
  }

  /** `version`: the namespace version a tagged entry was stored under (else the current one). */
  private async invalidateEntry(key: CacheKey, version?: string): Promise<void> {
    const store = this.requireStore();
    const keys =
      version === undefined ? (await this.locate(key)).keys : cacheKeys(this.keyPrefix).entry(key, version);
    this.direct.forget(key);
    this.forgetLocally(keys.value);
    await store.invalidate(key.namespace, keys, this.settings.companionTtlMs);
    // Again: a read that fetched the old value between the first forget and the DEL must not stay in L1.
    this.forgetLocally(keys.value);
    // Best effort: a lost message leaves other instances' L1 at most l1TtlSeconds behind.
    const message = encodeBusMessage(this.instanceId, keys.value);
    await store.publish(key.namespace, cacheKeys(this.keyPrefix).busChannel(), message).catch(() => {});
  }

  private async bumpNamespace(namespace: string): Promise<void> {
    const versionKey = cacheKeys(this.keyPrefix).namespaceVersion(namespace);
    await this.requireStore().bumpNamespace(namespace, versionKey, this.settings.companionTtlMs);
  }

  /** Takes the tag's entries and invalidates each; an entry Redis cannot take now is queued on its own. */
  private async sweepTag(tag: string): Promise<void> {
    if (!this.tags) throw new TypeError('the cache is disabled');
    const entries = await this.tags.sweep(tag);
    await Promise.all(
      entries.map(({ key, version }) =>
        orQueue(this.invalidateEntry(key, version), () => this.pending.addEntry(key)),
      ),
    );
  }

  private forgetLocally(valueKey: string): void {
    this.readThrough?.forget(valueKey);
  }

  private requireStore(): RedisStore {
    if (!this.store) throw new TypeError('the cache is disabled');
    return this.store;
  }
}

/** Runs an invalidation; one that Redis cannot take now is handed to `queue` (applied before the next read). */
/** Applies an invalidation, or queues it when Redis cannot take it now; true when it reached Redis. */
async function orQueue(invalidation: Promise<void>, queue: () => void): Promise<boolean> {
  return invalidation.then(
    () => true,
    (error: unknown) => {
      if (!(error instanceof CacheBackendError)) throw error;
      queue();
      return false;
    },
  );
}
