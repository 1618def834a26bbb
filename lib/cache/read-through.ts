import { LRUCache } from 'lru-cache';
import type { CacheEntryKeys } from '../redis/keys';
import {
  createEnvelope,
  decodeEnvelope,
  toPlainValue,
  encodeEnvelope,
  freshness,
  type Envelope,
} from './envelope';
import { CacheBackendError } from './errors';
import type { L1Tier } from './l1';
import { acquireOrAwait, keepLockAlive } from './lock';
import type { CacheMetrics, CacheResult, CacheTier } from './metrics';
import type { CacheSettings } from './options';
import { Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';
import type { RedisStore } from './store';
import { expiryFor } from './ttl';

/** Loads the value from the source of truth; `null` means "does not exist" and is cached briefly. */
export type Loader<T> = () => Promise<T | null>;

/** How a caller's entries are kept: their schema version, and how long L1 may hold them (else its cap). */
export interface EntryShape {
  schema: number;
  l1TtlMs?: number;
}

/** What one resolution of a key produced; shared by every caller that joined it. */
export interface Outcome {
  value: unknown;
  result: CacheResult;
  tier?: CacheTier;
  /** The loader ran for it. */
  loaded: boolean;
  /** It waited for another process's load. */
  waited: boolean;
}

export interface ReadThroughDeps {
  store: RedisStore;
  l1: L1Tier | undefined;
  metrics: CacheMetrics;
  settings: CacheSettings;
}

/**
 * The read path below the in-process tier (bentocache's "factory runner"): read Redis; serve a fresh value,
 * or serve a stale one and refresh it in the background, or load under the cross-process lock and store the
 * value unless an invalidation happened meanwhile. Any Redis failure turns into a direct, concurrency-
 * capped load. Callers single-flight `resolve` per key.
 */
export class ReadThrough {
  private readonly refreshes = new SingleFlight<void>();
  private readonly bypassSlots: Semaphore;
  /** Keys whose last background refresh failed, until they may be retried (the stale value covers). */
  private readonly failedRefreshes: LRUCache<string, true>;
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly deps: ReadThroughDeps) {
    this.bypassSlots = new Semaphore(deps.settings.bypassConcurrency);
    this.failedRefreshes = new LRUCache({ max: 10_000, ttl: deps.settings.failureBackoffMs });
  }

  async resolve(
    namespace: string,
    keys: CacheEntryKeys,
    loader: Loader<unknown>,
    shape: EntryShape,
  ): Promise<Outcome> {
    const ticket = this.deps.l1?.ticket() ?? 0;
    let raw: string | null;
    try {
      raw = await this.deps.store.get(namespace, keys.value);
    } catch (error) {
      return this.bypassOnBackendError(error, namespace, loader);
    }
    const entry = decodeEnvelope(raw, shape.schema);
    const state = entry ? freshness(entry, Date.now()) : 'expired';
    if (entry && state === 'fresh') {
      this.fillL1(keys.value, entry, ticket, shape);
      return cachedOutcome(entry, false);
    }
    if (entry && state === 'stale') {
      this.refreshInBackground(namespace, keys, loader, shape);
      return { value: entry.value, result: 'stale', tier: 'l2', loaded: false, waited: false };
    }
    return this.loadUnderLock(namespace, keys, loader, shape);
  }

  /** Redis is down or skipped: load directly, at most `bypassConcurrency` at once in this process. */
  async bypass(namespace: string, loader: Loader<unknown>): Promise<Outcome> {
    const value = await this.bypassSlots.run(() => timedLoad(this.deps.metrics, namespace, loader));
    return { value, result: 'miss', loaded: true, waited: false };
  }

  /** Settles once every background refresh started so far has. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async loadUnderLock(
    namespace: string,
    keys: CacheEntryKeys,
    loader: Loader<unknown>,
    shape: EntryShape,
  ) {
    const { store, settings } = this.deps;
    const ticket = this.deps.l1?.ticket() ?? 0;
    let lock;
    try {
      lock = await acquireOrAwait(store, {
        namespace,
        keys,
        ttlMs: settings.lockTtlMs,
        waitMs: settings.lockWaitMs,
        usable: (raw) => isFresh(raw, shape.schema),
      });
    } catch (error) {
      return this.bypassOnBackendError(error, namespace, loader);
    }
    const filled = lock.kind === 'filled' ? decodeEnvelope(lock.raw, shape.schema) : undefined;
    if (filled) {
      this.fillL1(keys.value, filled, ticket, shape);
      return cachedOutcome(filled, lock.waited);
    }
    // Acquired: load and store. Still busy after the wait: load anyway (the holder is stuck, not dead), and
    // store only under the generation read now, before the load.
    const lease = lock.kind === 'acquired' ? lock : await this.leaseWithoutLock(namespace, keys);
    const value = await this.load(namespace, keys, loader, shape, lease);
    return { value, result: 'miss', loaded: true, waited: lock.waited } satisfies Outcome;
  }

  /** For a load without the lock: the generation as of now, before the load (null: store nothing). */
  private async leaseWithoutLock(namespace: string, keys: CacheEntryKeys) {
    const generation = await this.deps.store.get(namespace, keys.generation).then(
      (found) => found ?? '0',
      () => null,
    );
    return { token: null, generation };
  }

  /** Runs the loader (renewing the lock meanwhile) and stores its value unless invalidated since. */
  private async load(
    namespace: string,
    keys: CacheEntryKeys,
    loader: Loader<unknown>,
    shape: EntryShape,
    lease: { generation: string | null; token: string | null },
  ): Promise<unknown> {
    const { store, settings } = this.deps;
    const { generation, token } = lease;
    const release = () => {
      if (token) store.releaseLock(namespace, keys.lock, token).catch(() => {});
    };
    const stopRenewing = token
      ? keepLockAlive(store, namespace, keys.lock, token, settings.lockTtlMs)
      : () => {};
    const startedAt = Date.now();
    let value: unknown;
    try {
      value = await timedLoad(this.deps.metrics, namespace, loader);
    } catch (error) {
      release();
      throw error;
    } finally {
      stopRenewing();
    }
    // A load that outlived half the generation key's TTL might compare against a restarted generation.
    if (generation === null || Date.now() - startedAt > settings.companionTtlMs / 2) {
      release();
      return value;
    }
    const expiry = expiryFor(value === null, settings.policy, Date.now());
    const envelope = createEnvelope(value, shape.schema, startedAt, expiry);
    const ticket = this.deps.l1?.ticket() ?? 0;
    const write = { generation, payload: encodeEnvelope(envelope), px: expiry.px, token };
    // A failed write is absorbed (and counted by the store); the value still answers this request.
    const stored = await store.writeIfGeneration(namespace, keys, write).catch(() => false);
    if (stored) this.fillL1(keys.value, envelope, ticket, shape);
    return value;
  }

  private refreshInBackground(
    namespace: string,
    keys: CacheEntryKeys,
    loader: Loader<unknown>,
    shape: EntryShape,
  ) {
    if (this.failedRefreshes.has(keys.value)) return; // backing off: the stale value covers for now
    const { store, settings } = this.deps;
    const { promise, joined } = this.refreshes.run(keys.value, async () => {
      try {
        const lock = await acquireOrAwait(store, {
          namespace,
          keys,
          ttlMs: settings.lockTtlMs,
          waitMs: 0,
          usable: (raw) => isFresh(raw, shape.schema),
        });
        if (lock.kind !== 'acquired') return; // refreshed already, or another instance is refreshing
        await this.load(namespace, keys, loader, shape, lock);
      } catch (error) {
        // Never rejects: a background refresh has no caller to tell. Loader failures back off.
        if (!(error instanceof CacheBackendError)) this.failedRefreshes.set(keys.value, true);
      }
    });
    if (joined) return;
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }

  private bypassOnBackendError(error: unknown, namespace: string, loader: Loader<unknown>): Promise<Outcome> {
    if (!(error instanceof CacheBackendError)) throw error;
    return this.bypass(namespace, loader);
  }

  private fillL1(valueKey: string, envelope: Envelope, ticket: number, shape: EntryShape): void {
    const entry = { value: envelope.value, softExpiresAt: envelope.softExpiresAt };
    this.deps.l1?.set(valueKey, entry, ticket, Date.now(), shape.l1TtlMs);
  }
}

/**
 * Runs a loader, timing it for the metrics. Its value comes back as plain JSON, frozen: exactly what a read
 * from Redis would give (no Dates, no undefined fields), so callers see one shape whichever tier answers.
 * `undefined` counts as "not found".
 */
export async function timedLoad(metrics: CacheMetrics, namespace: string, loader: Loader<unknown>) {
  const started = performance.now();
  let failed = true;
  let value: unknown;
  try {
    value = (await loader()) ?? null;
    failed = false;
  } finally {
    metrics.load(namespace, (performance.now() - started) / 1000, failed);
  }
  return toPlainValue(value);
}

export function resultOf(value: unknown): CacheResult {
  return value === null ? 'negative' : 'hit';
}

function isFresh(raw: string, schema: number): boolean {
  const entry = decodeEnvelope(raw, schema);
  return entry !== undefined && freshness(entry, Date.now()) === 'fresh';
}

function cachedOutcome(entry: Envelope, waited: boolean): Outcome {
  return { value: entry.value, result: resultOf(entry.value), tier: 'l2', loaded: false, waited };
}
