import type { Expiry } from './ttl';

/**
 * What is stored under a cache key: the value with the facts the engine needs to judge it. `format` is
 * this engine's layout; `schema` is the caller's version of the value's shape. A deploy that changes either
 * reads older entries as misses instead of handing an old shape to new code. Format 2: tag sets became
 * sorted sets under new keys (./tags.ts), so entries an older engine registered in its sets, which a newer
 * engine's sweeps cannot see, are not read.
 */
const ENVELOPE_FORMAT = 2;

export interface Envelope<T = unknown> {
  format: typeof ENVELOPE_FORMAT;
  schema: number;
  /** When the load that produced this value began (ms since the epoch). */
  loadStartedAt: number;
  /** After this the value is stale: served, but refreshed in the background. */
  softExpiresAt: number;
  /** After this the value is gone (the key's Redis TTL ends here). */
  hardExpiresAt: number;
  /** `null` is a negative entry: the loader found nothing. */
  value: T | null;
}

export type Freshness = 'fresh' | 'stale' | 'expired';

export function createEnvelope<T>(value: T | null, schema: number, loadStartedAt: number, expiry: Expiry) {
  const { softExpiresAt, hardExpiresAt } = expiry;
  const envelope: Envelope<T> = {
    format: ENVELOPE_FORMAT,
    schema,
    loadStartedAt,
    softExpiresAt,
    hardExpiresAt,
    value,
  };
  return envelope;
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

/** The stored envelope, or undefined for a miss: absent, unreadable, or of another format or schema. */
export function decodeEnvelope(raw: string | null, schema: number): Envelope | undefined {
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Partial<Envelope>;
  const valid =
    candidate.format === ENVELOPE_FORMAT &&
    candidate.schema === schema &&
    typeof candidate.loadStartedAt === 'number' &&
    typeof candidate.softExpiresAt === 'number' &&
    typeof candidate.hardExpiresAt === 'number' &&
    'value' in candidate;
  return valid ? deepFreeze(candidate as Envelope) : undefined;
}

export function freshness(envelope: Envelope, now: number): Freshness {
  if (now < envelope.softExpiresAt) return 'fresh';
  return now < envelope.hardExpiresAt ? 'stale' : 'expired';
}

/** A value as it would come back from Redis (JSON), frozen. */
export function toPlainValue(value: unknown): unknown {
  return value === null ? null : deepFreeze(JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Cached values are shared by every caller (and kept in the in-process tier), so they are frozen: code that
 * mutates one fails loudly instead of corrupting what the next shopper sees.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
