import { Semaphore } from '../cache/semaphore';
import { RequestError } from '../errors';
import { TOO_MANY_ATTEMPTS } from './rate-limit';

/*
 * A password check is a deliberately expensive scrypt hash (~0.3 s of a libuv thread). Two caps keep a
 * burst from turning that cost against the shop:
 * - per e-mail: one check at a time in this process. A burst of guesses for one account is refused (429)
 *   instead of each being checked while the rate limit's counter is still being read elsewhere;
 * - per process: at most as many checks at once as libuv has threads (4 by default), and a bounded queue
 *   behind them. Past it, a login waits for nothing: 503 with Retry-After, so one attacker's burst cannot
 *   hold every other shopper's login (and the thread pool that file and DNS work share) hostage.
 */

const CONCURRENT_CHECKS = 4;
const MAX_WAITING_CHECKS = 32;

const slots = new Semaphore(CONCURRENT_CHECKS);
const inFlight = new Set<string>();

/** Runs one password check for `email` under both caps. */
export async function checkPassword<T>(email: string, check: () => Promise<T>): Promise<T> {
  if (inFlight.has(email)) throw new RequestError(429, TOO_MANY_ATTEMPTS, undefined, 1);
  if (slots.waiting >= MAX_WAITING_CHECKS) {
    throw new RequestError(503, 'Too many logins at once. Please try again in a moment.', undefined, 2);
  }
  inFlight.add(email);
  try {
    return await slots.run(check);
  } finally {
    inFlight.delete(email);
  }
}
