import type { CacheKey } from './key';

/**
 * Invalidations that could not reach Redis (it was down when a write committed). Dropping them would leave
 * an outdated entry in Redis until its TTL once Redis is back, so they are kept (bounded) and retried: by a
 * timer, and before the next read goes to Redis, so no read trusts Redis while one is outstanding.
 */

export interface InvalidationTarget {
  invalidateEntry(key: CacheKey): Promise<void>;
  invalidateNamespace(namespace: string): Promise<void>;
}

const RETRY_MS = 1000;

export class PendingInvalidations {
  private readonly entries = new Map<string, CacheKey>();
  private readonly namespaces = new Set<string>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: InvalidationTarget,
    private readonly maxEntries: number,
    /** Told when an invalidation had to be dropped because too many were outstanding. */
    private readonly onDropped: (key: CacheKey) => void,
  ) {}

  get size(): number {
    return this.entries.size + this.namespaces.size;
  }

  addEntry(key: CacheKey): void {
    const id = `${key.namespace}\u0000${key.versioned}\u0000${key.id}`;
    this.entries.delete(id);
    this.entries.set(id, key);
    if (this.entries.size > this.maxEntries) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, CacheKey];
      this.entries.delete(oldestId);
      this.onDropped(oldest);
    }
    this.schedule();
  }

  addNamespace(namespace: string): void {
    this.namespaces.add(namespace);
    this.schedule();
  }

  /** Applies every outstanding invalidation; rejects (leaving the rest queued) on the first that fails. */
  flush(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    this.flushing ??= this.apply().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  // Each item leaves the queue before it is tried, and returns if the try fails, so an invalidation that
  // arrives while a flush runs is never lost.
  private async apply(): Promise<void> {
    for (const namespace of [...this.namespaces]) {
      this.namespaces.delete(namespace);
      await this.target.invalidateNamespace(namespace).catch((error: unknown) => {
        this.namespaces.add(namespace);
        throw error;
      });
    }
    for (const [id, key] of [...this.entries]) {
      this.entries.delete(id);
      await this.target.invalidateEntry(key).catch((error: unknown) => {
        if (!this.entries.has(id)) this.entries.set(id, key);
        throw error;
      });
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => {},
        () => this.schedule(),
      );
    }, RETRY_MS);
    this.timer.unref();
  }
}
