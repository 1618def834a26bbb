import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../errors';
import { getSessionRedis } from '../redis/client';
import { machineHashSlots, takeMachineSlot } from './hash-slots';
import { admitSignIn, checkPassword, SIGN_INS_BUSY, SignInsBusyError } from './password-checks';

// The caps on password checks, with a check that takes as long as a slow hash, on the run's real Redis.

const checkTaking = (ms: number) => () =>
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms));
const slowCheck = checkTaking(150);
// The tests of one e-mail's line: the one waiting gets its turn within the 250 ms a check may wait, with
// room to spare on a loaded machine (150 ms left 100, and a fresh-clone run saw a 503).
const shortCheck = checkTaking(40);
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: unknown) => (error instanceof RequestError ? error.status : 500),
  );

/** A check that counts how many run at once. */
function counted(take = slowCheck) {
  const seen = { running: 0, most: 0 };
  const check = async () => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    await take();
    seen.running -= 1;
    return false;
  };
  return { seen, check };
}

describe('password checks', () => {
  it('run one at a time per e-mail, one more waiting its turn; past those two, 429', async () => {
    const { seen, check } = counted(shortCheck);
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => statusOf(checkPassword('one@example.test', check))),
    );
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(seen.most).toBe(1);
    // The line is gone once it is empty: the next check runs at once.
    expect(await statusOf(checkPassword('one@example.test', shortCheck))).toBe(200);
  });

  it('let a known device’s check run beside the line for its e-mail', async () => {
    const statuses = await Promise.all([
      statusOf(checkPassword('owner@example.test', shortCheck)),
      statusOf(checkPassword('owner@example.test', shortCheck)),
      statusOf(checkPassword('owner@example.test', shortCheck, { trusted: true })),
      statusOf(checkPassword('owner@example.test', shortCheck)),
    ]);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('run at most the machine’s slots at once, and answer the rest 503 with Retry-After within a second', async () => {
    const { seen, check } = counted();
    const total = 10 * machineHashSlots();
    const answers = await Promise.all(
      Array.from({ length: total }, async (_, index) => {
        const started = performance.now();
        const outcome = await checkPassword(`many-${index}@example.test`, check).then(
          () => ({ status: 200 }),
          (error: RequestError) => ({
            status: error.status,
            message: error.message,
            retryAfter: error.retryAfterSeconds,
          }),
        );
        return { ...outcome, ms: performance.now() - started };
      }),
    );
    expect(seen.most).toBeLessThanOrEqual(machineHashSlots());
    const busy = answers.filter((answer) => answer.status === 503);
    // Ten checks of 150 ms per slot cannot all get a turn within 250 ms: most are sent away, quickly.
    expect(busy.length).toBeGreaterThan(total / 2);
    expect(answers.filter((answer) => answer.status === 200).length).toBe(total - busy.length);
    for (const answer of busy) {
      expect(answer).toMatchObject({ message: SIGN_INS_BUSY, retryAfter: expect.any(Number) });
      expect(answer.ms).toBeLessThan(1000);
    }
  });
});

describe('sign-ins in progress per process', () => {
  it('are admitted up to three per hash slot; the next is a 503 at once, until one ends', () => {
    const admitted: Array<() => void> = [];
    for (;;) {
      try {
        admitted.push(admitSignIn());
      } catch (error) {
        expect(error).toBeInstanceOf(SignInsBusyError);
        expect((error as SignInsBusyError).status).toBe(503);
        break;
      }
      expect(admitted.length).toBeLessThanOrEqual(100);
    }
    expect(admitted.length).toBe(3 * machineHashSlots());
    // Strangers filling their pool leave the known browsers theirs: an owner still gets in.
    const owner = admitSignIn({ known: true });
    admitted.pop()!();
    const next = admitSignIn();
    expect(() => admitSignIn()).toThrow(SignInsBusyError);
    [owner, next, ...admitted].forEach((end) => end());
  });
});

describe('machine hash slots (Redis)', () => {
  it('are shared by every process of the machine: a third taker of two slots waits, then gets one freed', async () => {
    const key = `test:hash-slots:${randomBytes(4).toString('hex')}`;
    const redis = getSessionRedis();
    const [a, b] = await Promise.all([
      takeMachineSlot(200, redis, key, 2),
      takeMachineSlot(200, redis, key, 2),
    ]);
    expect([a.kind, b.kind]).toEqual(['held', 'held']);
    const started = performance.now();
    expect((await takeMachineSlot(150, redis, key, 2)).kind).toBe('timed-out');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const third = takeMachineSlot(2000, redis, key, 2);
    if (a.kind === 'held') await a.release();
    expect((await third).kind).toBe('held');
    await redis.del(key);
  });
});
