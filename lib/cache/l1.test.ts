import { describe, expect, it } from 'vitest';
import { L1Tier } from './l1';

const entry = (value: unknown, softExpiresAt = Date.now() + 60_000) => ({ value, softExpiresAt });

function activeTier(maxEntries = 100) {
  const tier = new L1Tier({ maxEntries, ttlCapMs: 5000 });
  tier.setActive(true);
  return tier;
}

describe('L1Tier', () => {
  it('serves nothing while inactive (the bus is down)', () => {
    const tier = new L1Tier({ maxEntries: 10, ttlCapMs: 5000 });
    tier.set('k', entry(1), tier.ticket(), Date.now());
    expect(tier.get('k', Date.now())).toBeUndefined();
  });

  it('never serves past the soft expiry', () => {
    const tier = activeTier();
    const now = Date.now();
    tier.set('k', entry(1, now + 50), tier.ticket(), now);
    expect(tier.get('k', now)?.value).toBe(1);
    expect(tier.get('k', now + 50)).toBeUndefined();
  });

  it('refuses a fill that began before the key was invalidated', () => {
    const tier = activeTier();
    const ticket = tier.ticket();
    tier.delete('k'); // an invalidation arrives while the read is in flight
    tier.set('k', entry('old'), ticket, Date.now());
    expect(tier.get('k', Date.now())).toBeUndefined();
    tier.set('k', entry('new'), tier.ticket(), Date.now());
    expect(tier.get('k', Date.now())?.value).toBe('new');
  });

  it('refuses every fill that began before a flush', () => {
    const tier = activeTier();
    const ticket = tier.ticket();
    tier.flush();
    tier.set('other', entry(1), ticket, Date.now());
    expect(tier.get('other', Date.now())).toBeUndefined();
  });

  it('stays safe when invalidation records are evicted', () => {
    const tier = activeTier(2);
    const ticket = tier.ticket();
    for (const key of ['a', 'b', 'c', 'd']) tier.delete(key); // 'a' and 'b' fall out of the record
    tier.set('a', entry('old'), ticket, Date.now());
    expect(tier.get('a', Date.now())).toBeUndefined();
  });
});
