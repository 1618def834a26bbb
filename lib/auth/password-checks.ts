import { NoSlotError, Semaphore } from '../concurrency';
import { RequestError } from '../errors';
import { machineHashSlots, takeMachineSlot } from './hash-slots';
import { TOO_MANY_ATTEMPTS } from './rate-limit';

/*
 * A password check is a deliberately expensive hash (Argon2id, ./password.ts). In a sale's sign-in rush
 * the pages come first: caps keep the hashing to a bounded share of the machine, and what does not get its
 * turn within a short wait is told to come back (503 with Retry-After) rather than queued behind a line
 * that grows:
 * - per e-mail: one check at a time in this process, and one more waiting behind it. Two browsers signing
 *   in to one account at the same moment (a couple sharing it, an admin on two machines) both get in; a
 *   burst of guesses for one account, from any number of addresses, is refused (429) past those two rather
 *   than checked in parallel. Not for a browser that signed in to the account before (its device cookie,
 *   ./device.ts: `trusted`): else a stranger's guesses, always two in flight, would refuse the owner's right
 *   password with them;
 * - per machine: at most MACHINE_HASH_SLOTS hashes at once across all its instances (./hash-slots.ts, in
 *   Redis), and as many per process, with at most MAX_WAITING_CHECKS waiting in the process;
 * - per check: at most WAIT_MS from its arrival to its turn. Past it, or past the waiting cap: 503, "Many
 *   people are signing in", with a Retry-After the sign-in form counts down and retries at;
 * - per process, before any of that: at most SIGN_INS_PER_SLOT sign-ins per slot in progress at once
 *   (`admitSignIn`), from strangers and from known browsers apart. A sign-in is more than its hash (the rate
 *   limits, the account's row, the new session, the device cookie): past the cap, a rush is answered 503
 *   before it costs a Redis command or a query.
 */

const MAX_WAITING_CHECKS = 32;
/** How long a check may wait for its turn (some 25 hashes): the 503 comes well within a second of the request. */
const WAIT_MS = 250;

export const SIGN_INS_BUSY = 'Many people are signing in right now.';

/** No turn for this check within its wait: 503, to be retried after a second or three (spread). */
export class SignInsBusyError extends RequestError {
  constructor() {
    super(503, SIGN_INS_BUSY, undefined, 1 + Math.floor(Math.random() * 3));
    this.name = 'SignInsBusyError';
  }
}

/**
 * Sign-ins in progress per hash slot in this process, in each of two pools: browsers new to the account,
 * and browsers that signed in to it before (their device cookie, ./device.ts). A burst from strangers fills
 * only theirs: the owner's own browser still gets in.
 */
const SIGN_INS_PER_SLOT = 3;
const inProgress = { stranger: 0, known: 0 };

/**
 * Admits one sign-in (login, registration, password change) into this process, or refuses it at once (503,
 * SignInsBusyError) when its pool is full. `known`: from a browser that signed in to the account before.
 * Returns what ends it.
 */
export function admitSignIn({ known = false }: { known?: boolean } = {}): () => void {
  const pool = known ? 'known' : 'stranger';
  if (inProgress[pool] >= SIGN_INS_PER_SLOT * machineHashSlots()) throw new SignInsBusyError();
  inProgress[pool] += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inProgress[pool] -= 1;
  };
}

/** Checks for one e-mail running or waiting in this process: one runs, the next waits its turn. */
const PER_EMAIL_CHECKS = 2;

let processSlots: Semaphore | undefined;
const slots = () => (processSlots ??= new Semaphore(machineHashSlots()));
/** Per e-mail: how many checks are running or waiting, and the end of the line the next one waits for. */
const perEmail = new Map<string, { checks: number; last: Promise<unknown> }>();

/** Runs one password check (a verification, a hash, or both) for `email` under the caps. */
export async function checkPassword<T>(
  email: string,
  check: () => Promise<T>,
  { trusted = false }: { trusted?: boolean } = {},
): Promise<T> {
  const deadline = performance.now() + WAIT_MS;
  const line = trusted ? undefined : perEmail.get(email);
  if (line && line.checks >= PER_EMAIL_CHECKS) throw new RequestError(429, TOO_MANY_ATTEMPTS, undefined, 1);
  if (slots().waiting >= MAX_WAITING_CHECKS) throw new SignInsBusyError();
  const inTurn = () => withinMachine(check, deadline);
  return trusted ? inTurn() : inLine(email, inTurn);
}

/** Takes a process slot, then a machine slot, each within what is left of the wait; then checks. */
async function withinMachine<T>(check: () => Promise<T>, deadline: number): Promise<T> {
  const left = () => deadline - performance.now();
  if (left() <= 0) throw new SignInsBusyError();
  try {
    return await slots().run(
      async () => {
        const slot = await takeMachineSlot(left());
        if (slot.kind === 'timed-out') throw new SignInsBusyError();
        try {
          return await check();
        } finally {
          await slot.release();
        }
      },
      { maxWaiting: MAX_WAITING_CHECKS, maxWaitMs: Math.max(1, left()) },
    );
  } catch (error) {
    if (error instanceof NoSlotError) throw new SignInsBusyError();
    throw error;
  }
}

/**
 * Runs `task` after the checks already in line for `email`, one at a time. The first starts at once (not a
 * tick later), so the process's queue sees it before the next caller reads its length.
 */
async function inLine<T>(email: string, task: () => Promise<T>): Promise<T> {
  const waiting = perEmail.get(email);
  const line = waiting ?? { checks: 0, last: Promise.resolve() };
  const turn = waiting ? line.last.then(task, task) : task();
  line.checks += 1;
  line.last = turn.catch(() => undefined);
  perEmail.set(email, line);
  try {
    return await turn;
  } finally {
    line.checks -= 1;
    if (line.checks === 0) perEmail.delete(email);
  }
}
