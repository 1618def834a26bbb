import { LRUCache } from 'lru-cache';

/**
 * The in-process tier in front of Redis: a bounded LRU whose entries live at most `ttlCapMs` and never past
 * their soft expiry (so it never serves a stale value). It is kept coherent by the invalidation bus and is
 * only used while the bus is up: while the bus is down, invalidations from other instances would be
 * missed, so the tier is flushed and bypassed until the bus is back.
 *
 * Fills race with invalidations: a read that began before an invalidation may come back after it. A caller
 * takes a `ticket()` before reading Redis and hands it to `set()`; the fill is refused if the key (or the
 * whole tier) was invalidated after that ticket.
 */

export interface L1Entry {
  value: unknown;
  softExpiresAt: number;
}

export interface L1Options {
  maxEntries: number;
  ttlCapMs: number;
}

export class L1Tier {
  private readonly entries: LRUCache<string, L1Entry>;
  // When each recently invalidated key was invalidated (a sequence number). Bounded: when one is evicted,
  // `floor` rises to it, refusing every fill older than that eviction (safe, merely conservative).
  private readonly invalidatedAt: LRUCache<string, number>;
  private sequence = 0;
  private floor = 0;
  private active = false;

  constructor(private readonly options: L1Options) {
    this.entries = new LRUCache({ max: options.maxEntries, ttl: options.ttlCapMs });
    this.invalidatedAt = new LRUCache({
      max: options.maxEntries,
      dispose: (sequence, _key, reason) => {
        if (reason === 'evict') this.floor = Math.max(this.floor, sequence);
      },
    });
  }

  /** Switches the tier on (the bus is subscribed) or off (the bus is down); either way it starts empty. */
  setActive(active: boolean): void {
    this.flush();
    this.active = active;
  }

  get size(): number {
    return this.entries.size;
  }

  ticket(): number {
    return this.sequence;
  }

  get(key: string, now: number): L1Entry | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(key);
    return entry && now < entry.softExpiresAt ? entry : undefined;
  }

  /** `ttlCapMs` overrides the tier's cap for entries that change rarely (still never past soft expiry). */
  set(key: string, entry: L1Entry, ticket: number, now: number, ttlCapMs = this.options.ttlCapMs): void {
    if (!this.active || ticket < this.floor) return;
    if ((this.invalidatedAt.get(key) ?? -1) > ticket) return;
    const ttl = Math.min(ttlCapMs, entry.softExpiresAt - now);
    if (ttl >= 1) this.entries.set(key, entry, { ttl });
  }

  delete(key: string): void {
    this.sequence += 1;
    this.invalidatedAt.set(key, this.sequence);
    this.entries.delete(key);
  }

  /** Forgets everything (the bus lost messages, or went down): every fill begun before now is refused. */
  flush(): void {
    this.sequence += 1;
    this.floor = this.sequence;
    this.entries.clear();
    this.invalidatedAt.clear();
  }
}
