import { cacheKeys } from '../redis/keys';
import { CacheBackendError } from './errors';
import { checkTag, type CacheKey } from './key';
import type { LocatedEntry } from './loader';
import type { RedisStore } from './store';

/*
 * Invalidation by tag. An entry may carry tags (`getOrLoad(key, loader, { tags })`), known before the load
 * or computed from its value; `invalidateTags(tag)` drops every entry stored with the tag. Per tag, Redis
 * holds the entries stored with it (`cache:tag:{<tag>}:entries`, a sorted set) and the time of its last
 * invalidation (`cache:tag:{<tag>}:at`); both share one hash tag, so each script stays in one Cluster slot.
 * Nothing is added to the read path: a warm read is still one GET.
 *
 * Write side, after the load and before the generation-checked write: for each tag, one script adds the
 * entry to the set unless the tag was invalidated after the load began (scripts/register-tag.ts). Refused,
 * or Redis failed: the value answers this request but is not stored.
 * A set holds only what can still be served: each member is scored by the time until which its entry may
 * live (its TTL, plus the write window for the write to land, plus the clock-skew margin), members past it
 * are dropped at each registration, and the set expires with its longest-lived member. The write is
 * refused if it lands later than the write window after the registration (scripts/write-if-generation.ts),
 * so no entry outlives its member. A stranger's "not found" thus leaves a tag set that lives about as long
 * as the entry, not a week, and an admin's write sweeps only entries that are still there.
 * Invalidate side, for each tag: one script records the time and takes the set (scripts/sweep-tag.ts), then
 * each member is invalidated exactly as `invalidate(key)` does (generation bump, DEL, bus message).
 *
 * Why no load that read the database before `invalidateTags` returned can store its value afterwards: the
 * registration and the sweep are atomic on the tag's slot, so one comes first.
 * - Registration first: the sweep finds the entry and bumps its generation. The load read the generation
 *   before it began, so its write is refused, or, if it was already written, the bump deletes it.
 * - Sweep first: the registration sees the sweep's time, later than the load's start (the load began before
 *   the invalidation), and refuses.
 * The two times come from two processes' clocks, so a sweep counts as "after the load began" if it is later
 * than the load's start minus TAG_CLOCK_SKEW_MS: correct as long as the instances' clocks agree within a
 * second (NTP keeps them within milliseconds). The cost: a load that begins within that second after a
 * sweep of one of its tags is not stored (it still answers; the next read loads again).
 */

/** How far apart two instances' clocks may be without a tag invalidation being missed. */
export const TAG_CLOCK_SKEW_MS = 1000;

/** The tags an entry's value carries, checked and without duplicates. */
export function tagsFor(
  tags: readonly string[] | ((value: unknown) => readonly string[]) | undefined,
  value: unknown,
): string[] {
  if (!tags) return [];
  const list = typeof tags === 'function' ? tags(value) : tags;
  return [...new Set(list.map(checkTag))];
}

/** A member of a tag's set: enough to invalidate the entry (its namespace version, for a versioned key). */
function encodeMember(entry: LocatedEntry): string {
  return JSON.stringify([entry.key.namespace, entry.key.id, entry.version ?? null]);
}

export interface TaggedEntry {
  key: CacheKey;
  version?: string;
}

function decodeMember(raw: string): TaggedEntry | undefined {
  try {
    const [namespace, id, version] = JSON.parse(raw) as [unknown, unknown, unknown];
    if (typeof namespace !== 'string' || typeof id !== 'string') return undefined;
    const versioned = typeof version === 'string';
    return { key: { namespace, id, versioned }, version: versioned ? version : undefined };
  } catch {
    return undefined;
  }
}

/** Whether an entry may be stored after registering under its tags, and by when its write must land. */
export type TagRegistration =
  | { registered: false }
  /** `writeBy`: the latest time (ms, Redis's clock) for the write; none when the entry has no tags. */
  | { registered: true; writeBy?: number };

export class TagIndex {
  constructor(
    private readonly store: RedisStore,
    private readonly keyPrefix: string,
    /** TTL of a tag's invalidated-at key: longer than any entry or load lives. */
    private readonly invalidatedAtTtlMs: number,
    /** How long after its registration a tagged entry's write may land (later: refused, not stored). */
    private readonly writeWindowMs: number,
  ) {}

  /**
   * Registers `entry`, to be stored for `entryTtlMs`, under each of `tags`: whether its value, loaded from
   * `loadStartedAt`, may be stored, and by when.
   */
  async register(
    entry: LocatedEntry,
    tags: readonly string[],
    loadStartedAt: number,
    entryTtlMs: number,
  ): Promise<TagRegistration> {
    if (tags.length === 0) return { registered: true };
    const member = encodeMember(entry);
    const notBefore = loadStartedAt - TAG_CLOCK_SKEW_MS;
    // Another node's clock (a Cluster) may be a little behind the one that judges the write's time.
    const keepMs = entryTtlMs + this.writeWindowMs + TAG_CLOCK_SKEW_MS;
    try {
      const registeredAt = await Promise.all(
        tags.map((tag) =>
          this.store.registerTag(
            entry.key.namespace,
            cacheKeys(this.keyPrefix).tag(tag),
            member,
            notBefore,
            keepMs,
          ),
        ),
      );
      if (registeredAt.some((at) => at === null)) return { registered: false };
      return { registered: true, writeBy: Math.min(...(registeredAt as number[])) + this.writeWindowMs };
    } catch (error) {
      // Not registered: storing could outlive a sweep.
      if (error instanceof CacheBackendError) return { registered: false };
      throw error;
    }
  }

  /** Records the tag's invalidation and takes the entries stored with it. Store errors propagate. */
  async sweep(tag: string): Promise<TaggedEntry[]> {
    const members = await this.store.sweepTag(
      cacheKeys(this.keyPrefix).tag(tag),
      Date.now(),
      this.invalidatedAtTtlMs,
    );
    return members.map(decodeMember).filter((entry) => entry !== undefined);
  }
}
