import type { CacheKey } from './key';

/**
 * Invalidations that could not reach Redis (it was down when a write committed). Dropping them would leave
 * an outdated entry in Redis until its TTL once Redis is back, so they are kept (bounded) and retried: by a
 * timer, and before the next read goes to Redis, so no read trusts Redis while one is outstanding.
 */

export interface InvalidationTarget {
  invalidateEntry(key: CacheKey): Promise<void>;
  invalidateNamespace(namespace: string): Promise<void>;
  /** May queue entries of the tag it could not reach (they are applied in the same flush). */
  invalidateTag(tag: string): Promise<void>;
}

type Item = { kind: 'entry'; key: CacheKey } | { kind: 'tag'; tag: string };

const RETRY_MS = 1000;

export class PendingInvalidations {
  /** Entries and tags, oldest first (the oldest is dropped when the bound is reached). */
  private readonly items = new Map<string, Item>();
  private readonly namespaces = new Set<string>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: InvalidationTarget,
    private readonly maxItems: number,
    /** Told (with the namespace, or 'tag') when an invalidation was dropped: too many were outstanding. */
    private readonly onDropped: (namespace: string) => void,
  ) {}

  get size(): number {
    return this.items.size + this.namespaces.size;
  }

  addEntry(key: CacheKey): void {
    this.add(`e\u0000${key.namespace}\u0000${key.versioned}\u0000${key.id}`, { kind: 'entry', key });
  }

  addTag(tag: string): void {
    this.add(`t\u0000${tag}`, { kind: 'tag', tag });
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

  private add(id: string, item: Item): void {
    this.items.delete(id);
    this.items.set(id, item);
    if (this.items.size > this.maxItems) {
      const [oldestId, oldest] = this.items.entries().next().value as [string, Item];
      this.items.delete(oldestId);
      this.onDropped(oldest.kind === 'entry' ? oldest.key.namespace : 'tag');
    }
    this.schedule();
  }

  // Each item leaves the queue before it is tried, and returns if the try fails, so an invalidation that
  // arrives while a flush runs is never lost. Until the queue is empty: a tag's sweep may queue entries.
  private async apply(): Promise<void> {
    while (this.size > 0) {
      for (const namespace of [...this.namespaces]) {
        this.namespaces.delete(namespace);
        await this.target.invalidateNamespace(namespace).catch((error: unknown) => {
          this.namespaces.add(namespace);
          throw error;
        });
      }
      for (const [id, item] of [...this.items]) {
        this.items.delete(id);
        const applied =
          item.kind === 'entry' ? this.target.invalidateEntry(item.key) : this.target.invalidateTag(item.tag);
        await applied.catch((error: unknown) => {
          if (!this.items.has(id)) this.items.set(id, item);
          throw error;
        });
      }
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
