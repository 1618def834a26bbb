import type { CacheEntryKeys } from '../redis/keys';
import { toPlainValue } from './envelope';
import type { CacheKey } from './key';
import type { CacheMetrics, CacheResult, CacheTier } from './metrics';
import { loadSpan } from './spans';

/** Loads the value from the source of truth; `null` means "does not exist" and is cached briefly. */
export type Loader<T> = () => Promise<T | null>;

/** How a caller's entries are kept: their schema version, and how long L1 may hold them (else its cap). */
export interface EntryShape {
  schema: number;
  l1TtlMs?: number;
  /** The entry's tags (./tags.ts), or how to compute them from the loaded value. */
  tags?: readonly string[] | ((value: unknown) => readonly string[]);
  /** Whether the entry is brief (./budget.ts), or how to tell from the loaded value; "not found" always is. */
  brief?: boolean | ((value: unknown) => boolean);
}

/** An entry as the engine found it: the caller's key, and its Redis keys (in namespace version `version`). */
export interface LocatedEntry {
  key: CacheKey;
  keys: CacheEntryKeys;
  /** Set for a versioned key: the namespace version its keys were built for. */
  version?: string;
}

/** What one resolution of a key produced; shared by every caller that joined it. */
export interface Outcome {
  value: unknown;
  result: CacheResult;
  /** The tier that answered a cached value (none: the loader ran). */
  tier?: CacheTier;
}

/**
 * Runs a loader, timing it for the metrics, in a span of its own (./spans.ts). Its value comes back as
 * plain JSON, frozen: exactly what a read from Redis would give (no Dates, no undefined fields), so callers
 * see one shape whichever tier answers. `undefined` counts as "not found".
 */
export async function timedLoad(metrics: CacheMetrics, namespace: string, loader: Loader<unknown>) {
  const started = performance.now();
  let failed = true;
  let value: unknown;
  try {
    value = (await loadSpan(namespace, loader)) ?? null;
    failed = false;
  } finally {
    metrics.load(namespace, (performance.now() - started) / 1000, failed);
  }
  return toPlainValue(value);
}

export function resultOf(value: unknown): CacheResult {
  return value === null ? 'negative' : 'hit';
}
