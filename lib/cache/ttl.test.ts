import { describe, expect, it } from 'vitest';
import { createEnvelope, decodeEnvelope, encodeEnvelope, freshness } from './envelope';
import { expiryFor, jittered, validatePolicy } from './ttl';

const policy = validatePolicy({
  ttlMs: 3_600_000,
  jitterMs: 300_000,
  staleMs: 600_000,
  briefTtlMs: 60_000,
});

describe('TTLs', () => {
  it('jitters within base ± jitter', () => {
    expect(jittered(1000, 100, () => 0)).toBe(900);
    expect(jittered(1000, 100, () => 1)).toBe(1100);
    expect(jittered(1, 100, () => 0)).toBe(1); // never a key without expiry
  });

  it('ends the fresh window a stale window before the hard expiry', () => {
    const now = 1_000_000;
    const expiry = expiryFor(false, policy, now);
    expect(expiry.px).toBeGreaterThanOrEqual(3_300_000);
    expect(expiry.px).toBeLessThanOrEqual(3_900_000);
    expect(expiry.hardExpiresAt - expiry.softExpiresAt).toBe(600_000);
    const negative = expiryFor(true, policy, now);
    expect(negative.softExpiresAt).toBe(negative.hardExpiresAt);
    expect(negative.px).toBeLessThanOrEqual(66_000);
  });

  it('rejects a stale window as long as the shortest TTL', () => {
    expect(() => validatePolicy({ ttlMs: 1000, jitterMs: 500, staleMs: 500, briefTtlMs: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('envelope', () => {
  it('round-trips, and reads another schema as a miss', () => {
    const envelope = createEnvelope({ a: 1 }, 3, 10, { softExpiresAt: 20, hardExpiresAt: 30, px: 20 });
    const raw = encodeEnvelope(envelope);
    expect(decodeEnvelope(raw, 3)).toEqual(envelope);
    expect(decodeEnvelope(raw, 4)).toBeUndefined();
    expect(decodeEnvelope('{"value":1}', 3)).toBeUndefined();
    expect(decodeEnvelope('nope', 3)).toBeUndefined();
    expect(freshness(envelope, 19)).toBe('fresh');
    expect(freshness(envelope, 20)).toBe('stale');
    expect(freshness(envelope, 30)).toBe('expired');
  });

  it('freezes what it hands out', () => {
    const decoded = decodeEnvelope(
      encodeEnvelope(createEnvelope({ list: [1] }, 1, 0, { softExpiresAt: 1, hardExpiresAt: 2, px: 1 })),
      1,
    );
    expect(Object.isFrozen((decoded?.value as { list: number[] }).list)).toBe(true);
  });
});
