import { cacheKeys } from '../redis/keys';
import type { RedisStore } from './store';

/*
 * The brief entries' budget: what strangers can make the cache keep. A stranger varies URLs without end
 * (unknown products, searches, page numbers, page sizes), and every distinct one would be an entry. Those
 * entries are brief: a "not found" always, and whatever the caller marks `brief` (lib/catalog marks
 * searches and empty or odd-sized listing pages; the page cache's handlers what those pages render). A
 * brief entry lives about a minute (TtlPolicy.briefTtlMs), is never served stale, and is stored only while
 * its namespace's budget for the current minute allows: at most `entries` entries and `bytes` bytes of
 * them (scripts/admit-brief.ts). Over it, the value still answers its request but is not kept.
 *
 * So at any moment a namespace holds at most the brief entries admitted in the current minute and the two
 * before it (an entry lives at most 66 s: one admitted at the end of a minute outlives the next by 6 s):
 * BRIEF_LIVE_MINUTES times the budget, whatever the traffic. docs/cache.md, "What a stranger can grow",
 * adds it up.
 */

export interface BriefBudget {
  /** Brief entries one namespace may store per minute. */
  entries: number;
  /** Bytes (the stored envelopes') one namespace may store per minute. */
  bytes: number;
}

export const DEFAULT_BRIEF_BUDGET: BriefBudget = { entries: 500, bytes: 2 * 1024 * 1024 };

/** The budget's period. */
export const BRIEF_WINDOW_MS = 60_000;

/** How many periods' admissions a namespace may hold at once (see above). */
export const BRIEF_LIVE_MINUTES = 3;

export class BriefAdmission {
  constructor(
    private readonly store: RedisStore,
    private readonly keyPrefix: string,
    private readonly budget: BriefBudget,
  ) {}

  /** Whether a brief entry of `bytes` may be stored in `namespace` now. Store errors propagate. */
  admit(namespace: string, bytes: number): Promise<boolean> {
    const window = Math.floor(Date.now() / BRIEF_WINDOW_MS);
    const key = cacheKeys(this.keyPrefix).briefBudget(namespace, window);
    return this.store.admitBrief(namespace, key, bytes, this.budget, 2 * BRIEF_WINDOW_MS);
  }
}
