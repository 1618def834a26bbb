import { describe, expect, it } from 'vitest';
import { RequestError } from '../errors';
import { checkPassword } from './password-checks';

// The caps on password checks, with a check that takes as long as a real scrypt hash.

const slowCheck = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 150));
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: unknown) => (error instanceof RequestError ? error.status : 500),
  );

describe('password checks', () => {
  it('run one at a time per e-mail: a concurrent second one is refused (429)', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => statusOf(checkPassword('one@example.test', slowCheck))),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  });

  it('run at most 4 at once per process with a bounded queue behind them (then 503)', async () => {
    let running = 0;
    let most = 0;
    const counted = async () => {
      running += 1;
      most = Math.max(most, running);
      await slowCheck();
      running -= 1;
      return false;
    };
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        statusOf(checkPassword(`many-${index}@example.test`, counted)),
      ),
    );
    expect(most).toBe(4);
    expect(statuses.filter((status) => status === 503).length).toBe(60 - 4 - 32);
    expect(statuses.filter((status) => status === 200).length).toBe(36);
  });
});
