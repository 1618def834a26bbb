import 'server-only';
import { LRUCache } from 'lru-cache';
import { isOutage } from '../errors';
import { readAccount, type Account } from './users';

/*
 * The one lookup every authorization decision reads a user's rights through: their role and whether their
 * account is disabled, as PostgreSQL has them, never the copy a session was issued with. Kept per process
 * for RIGHTS_TTL_MS at most, so a change made in PostgreSQL by hand (a demotion, `disabled_at` set) holds
 * everywhere within that time, while a shopper hammering checkout in a flash sale costs PostgreSQL one
 * small query per RIGHTS_TTL_MS per instance, however many requests they send: concurrent misses for one
 * user share one query (lru-cache's fetch). A change made through the storefront (changeRole,
 * disableAccount) also drops the entry on its own instance at once. PostgreSQL unreachable is an outage
 * (503), never "no rights": nobody is signed out because the truth could not be asked; a user it answered
 * for within LAST_KNOWN_RIGHTS_MS keeps that answer meanwhile.
 */

export const RIGHTS_TTL_MS = 2000;

/** How long PostgreSQL's last answer stands in for it while it cannot be asked. */
export const LAST_KNOWN_RIGHTS_MS = 10 * 60_000;

const lastKnown = new LRUCache<number, Account | 'gone'>({ max: 10_000, ttl: LAST_KNOWN_RIGHTS_MS });

const accounts = new LRUCache<number, Account | 'gone'>({
  max: 10_000,
  ttl: RIGHTS_TTL_MS,
  fetchMethod: async (userId) => (await readAccount(userId)) ?? 'gone',
});

/**
 * The user's account as PostgreSQL had it at most RIGHTS_TTL_MS ago; null when it no longer exists (no
 * rights at all: read as disabled).
 * Throws UnavailableError when PostgreSQL cannot be asked (a failed read is not remembered).
 */
export async function accountRights(userId: number): Promise<Account | null> {
  let account: Account | 'gone' | undefined;
  try {
    // A read in flight when forgetAccountRights runs is aborted (its answer may predate the change): ask again.
    account = await accounts.fetch(userId).catch((error: unknown) => {
      if (isOutage(error)) throw error;
      return accounts.fetch(userId);
    });
  } catch (error) {
    // PostgreSQL away: what it said last, if it said it lately, keeps a shopper's cart working through the
    // outage (everything that writes to PostgreSQL is unavailable anyway). Nobody it never answered for.
    const known = isOutage(error) ? lastKnown.get(userId) : undefined;
    if (known === undefined) throw error;
    account = known;
  }
  // fetch() resolves undefined only for an aborted fetch: never read that as "no account" (signed out).
  if (account === undefined) throw new Error(`rights of user ${userId}: lookup ended without an answer`);
  lastKnown.set(userId, account);
  return account === 'gone' ? null : account;
}

/** Forgets what this process knows of a user's rights (after a change made through the storefront). */
export function forgetAccountRights(userId: number): void {
  accounts.delete(userId);
  lastKnown.delete(userId);
}
