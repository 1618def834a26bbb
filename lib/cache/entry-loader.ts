import { randomUUID } from 'node:crypto';
import { decodeEnvelope, freshness, toPlainValue, type Envelope } from './envelope';
import { CacheBackendError } from './errors';
import { timedLoad, type EntryShape, type LocatedEntry, type Loader } from './loader';
import type { RedisStore } from './store';
import { tagsFor } from './tags';
import { planWrite, type WritePlanDeps } from './write-plan';

/**
 * Loading an entry Redis does not have fresh (bentocache's "factory runner"): the cross-process lock, the
 * loader run, and the write that stores only if no invalidation (of the entry, or of one of its tags)
 * happened since the load began.
 *
 * The lock is the cross-process half of stampede protection. One caller per entry (across all instances)
 * holds `SET lock token NX PX ttl` and runs the loader, renewing the lock while it runs; the others poll
 * with jittered backoff until the value appears. A holder that dies stops renewing, its lock expires, and
 * the waiters race on SET NX again: exactly one wins and loads. A waiter that runs out of patience loads by
 * itself (its write is still checked against the entry's generation, so it can never store an outdated
 * value).
 */

const FIRST_POLL_MS = 15;
const MAX_POLL_MS = 250;

/** What a load of a missing entry came to. */
export type LoadResult =
  /** Another caller stored a usable value meanwhile. */
  | { kind: 'cached'; envelope: Envelope }
  /** The loader ran; `stored` is the envelope written to Redis, if it was. */
  | { kind: 'loaded'; value: unknown; stored?: Envelope }
  /** Redis failed before a load could be arranged: the caller loads directly. */
  | { kind: 'unavailable' };

type LockOutcome =
  | { kind: 'acquired'; token: string; generation: string }
  /** Another caller stored a usable value (seen in the same step as the lock attempt). */
  | { kind: 'filled'; envelope: Envelope }
  /** Still held by another after the wait (at once when the wait is 0). */
  | { kind: 'busy' };

/** A claim on an entry whose value is produced outside the engine (see EntryLoader.claim). */
export type Claim =
  | { kind: 'filled'; envelope: Envelope }
  | { kind: 'claimed'; lease: ProducerLease }
  /** Another holder is still producing it after the wait. */
  | { kind: 'busy' };

export interface ProducerLease {
  token: string;
  generation: string;
  /** When the claim was granted: the production began after it. */
  startedAt: number;
}

interface Lease {
  /** The generation read before the load (null: store nothing). */
  generation: string | null;
  token: string | null;
}

export interface EntryLoaderDeps extends WritePlanDeps {
  store: RedisStore;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EntryLoader {
  constructor(private readonly deps: EntryLoaderDeps) {}

  /**
   * A miss: take the lock and load, or wait for whoever holds it. `markWaiting` is called once this read
   * waits on a load (its own, or another's), so the callers that joined it count as lock waits.
   */
  async loadMissing(
    entry: LocatedEntry,
    loader: Loader<unknown>,
    shape: EntryShape,
    markWaiting: () => void,
  ): Promise<LoadResult> {
    const { namespace } = entry.key;
    const onFirstWait = () => {
      this.deps.metrics.lockWait(namespace);
      markWaiting();
    };
    let lock: LockOutcome;
    try {
      lock = await this.acquireOrAwait(entry, shape, this.deps.settings.lockWaitMs, onFirstWait);
    } catch (error) {
      if (error instanceof CacheBackendError) return { kind: 'unavailable' };
      throw error;
    }
    if (lock.kind === 'filled') return { kind: 'cached', envelope: lock.envelope };
    markWaiting();
    // Acquired: load and store. Still busy after the wait: load anyway (the holder is stuck, not dead), and
    // store only under the generation read now, before the load.
    const lease = lock.kind === 'acquired' ? lock : await this.leaseWithoutLock(entry);
    return { kind: 'loaded', ...(await this.loadAndStore(entry, loader, shape, lease)) };
  }

  /** A stale entry: reload it if nobody else is (never waits); the stored envelope, if any. */
  async refresh(entry: LocatedEntry, loader: Loader<unknown>, shape: EntryShape) {
    const lock = await this.acquireOrAwait(entry, shape, 0, () => {});
    if (lock.kind !== 'acquired') return undefined; // refreshed already, or another instance is refreshing
    return (await this.loadAndStore(entry, loader, shape, lock)).stored;
  }

  /**
   * For a value produced outside the engine (a Next.js render, lib/pages/cache-handlers): takes the lock,
   * or waits up to `waitMs` for another holder's value. The caller then produces the value and passes the
   * lease to `storeProduced` (which releases it), or releases it with `release`. Store errors propagate.
   */
  async claim(entry: LocatedEntry, shape: EntryShape, waitMs: number): Promise<Claim> {
    const lock = await this.acquireOrAwait(entry, shape, waitMs, () =>
      this.deps.metrics.lockWait(entry.key.namespace),
    );
    if (lock.kind === 'filled') return { kind: 'filled', envelope: lock.envelope };
    if (lock.kind === 'busy') return { kind: 'busy' };
    return {
      kind: 'claimed',
      lease: { token: lock.token, generation: lock.generation, startedAt: Date.now() },
    };
  }

  /**
   * Stores a value produced outside the engine, begun at `lease.startedAt` (or, without a lease, at
   * `startedAt`), unless the entry or one of its tags was invalidated since. Never rejects for Redis.
   */
  async storeProduced(
    entry: LocatedEntry,
    value: unknown,
    shape: EntryShape,
    lease: ProducerLease | null,
    startedAt: number,
  ): Promise<Envelope | undefined> {
    const plain = toPlainValue(value);
    const { store } = this.deps;
    try {
      const generation = lease
        ? lease.generation
        : ((await store.get(entry.key.namespace, entry.keys.generation)) ?? '0');
      const begun = lease?.startedAt ?? startedAt;
      const plan = await planWrite(this.deps, entry, plain, shape, tagsFor(shape.tags, plain), begun);
      if (!plan) return undefined;
      const { envelope, ...write } = plan;
      const stored = await store.writeIfGeneration(entry.key.namespace, entry.keys, {
        ...write,
        generation,
        token: lease?.token ?? null,
      });
      return stored ? envelope : undefined;
    } catch (error) {
      if (error instanceof CacheBackendError) return undefined;
      throw error;
    } finally {
      if (lease) this.release(entry, lease);
    }
  }

  /** Gives up a lease without storing (the producer failed, or its value must not be kept). */
  release(entry: LocatedEntry, lease: ProducerLease): void {
    this.deps.store.releaseLock(entry.key.namespace, entry.keys.lock, lease.token).catch(() => {});
  }

  /** Takes the lock, or waits (up to `waitMs`) for the value or the lock to come free. Store errors propagate. */
  private async acquireOrAwait(
    entry: LocatedEntry,
    shape: EntryShape,
    waitMs: number,
    onFirstWait: () => void,
  ): Promise<LockOutcome> {
    const { store, settings } = this.deps;
    const { namespace } = entry.key;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let delay = FIRST_POLL_MS;
    let waited = false;
    for (;;) {
      const attempt = await store.acquire(namespace, entry.keys, token, settings.lockTtlMs);
      const found = decodeEnvelope(attempt.raw, shape.schema);
      if (found && freshness(found, Date.now()) === 'fresh') {
        if (attempt.acquired) await store.releaseLock(namespace, entry.keys.lock, token).catch(() => {});
        return { kind: 'filled', envelope: found };
      }
      if (attempt.acquired) return { kind: 'acquired', token, generation: attempt.generation };
      // Full jitter on a growing delay: waiters from many instances do not poll in lockstep.
      const pause = delay * (0.5 + Math.random() / 2);
      if (Date.now() + pause > deadline) return { kind: 'busy' };
      if (!waited) onFirstWait();
      waited = true;
      await sleep(pause);
      delay = Math.min(delay * 1.5, MAX_POLL_MS);
    }
  }

  /** For a load without the lock: the generation as of now, before the load (null: store nothing). */
  private async leaseWithoutLock(entry: LocatedEntry): Promise<Lease> {
    const generation = await this.deps.store.get(entry.key.namespace, entry.keys.generation).then(
      (found) => found ?? '0',
      () => null,
    );
    return { token: null, generation };
  }

  /** Runs the loader (renewing the lock meanwhile) and stores its value unless invalidated since. */
  private async loadAndStore(entry: LocatedEntry, loader: Loader<unknown>, shape: EntryShape, lease: Lease) {
    const { store, settings } = this.deps;
    const { namespace } = entry.key;
    const { generation, token } = lease;
    const release = () => {
      if (token) store.releaseLock(namespace, entry.keys.lock, token).catch(() => {});
    };
    const stopRenewing = token ? this.keepLockAlive(namespace, entry.keys.lock, token) : () => {};
    const startedAt = Date.now();
    let value: unknown;
    let tags: string[];
    try {
      value = await timedLoad(this.deps.metrics, namespace, loader);
      tags = tagsFor(shape.tags, value);
    } catch (error) {
      release();
      throw error;
    } finally {
      stopRenewing();
    }
    // A load that outlived half the generation key's TTL might compare against a restarted generation.
    if (generation === null || Date.now() - startedAt > settings.companionTtlMs / 2) {
      release();
      return { value };
    }
    // Brief entries within their budget, tagged ones registered: else answered, not stored (./write-plan.ts).
    const plan = await planWrite(this.deps, entry, value, shape, tags, startedAt);
    if (!plan) {
      release();
      return { value };
    }
    const { envelope, ...write } = plan;
    // A failed write is absorbed (and counted by the store); the value still answers this request.
    const stored = await store
      .writeIfGeneration(namespace, entry.keys, { ...write, generation, token })
      .catch(() => false);
    return { value, stored: stored ? envelope : undefined };
  }

  /**
   * Renews the lock every third of its TTL while a loader runs, so a slow load keeps the others waiting
   * instead of letting a second load start. Returns the function that stops renewing. Renewal failures are
   * absorbed: the worst case is a second load, whose write is still generation-checked.
   */
  private keepLockAlive(namespace: string, lockKey: string, token: string) {
    const { store, settings } = this.deps;
    const timer = setInterval(
      () => {
        store.renewLock(namespace, lockKey, token, settings.lockTtlMs).then(
          (renewed) => {
            if (!renewed) clearInterval(timer);
          },
          () => {},
        );
      },
      Math.max(10, Math.floor(settings.lockTtlMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }
}
