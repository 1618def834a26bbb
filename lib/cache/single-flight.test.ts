import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one run between concurrent callers, and forgets it when settled', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const task = async () => ++runs;
    const first = flights.run('k', task);
    const second = flights.run('k', task);
    expect([first.joined, second.joined]).toEqual([false, true]);
    expect(await Promise.all([first.promise, second.promise])).toEqual([1, 1]);
    expect(await flights.run('k', task).promise).toBe(2);
  });

  it('starts a new run after forget, without disturbing the old one', async () => {
    const flights = new SingleFlight<string>();
    let release: (value: string) => void = () => {};
    const old = flights.run('k', () => new Promise((resolve) => (release = resolve)));
    flights.forget('k');
    const fresh = flights.run('k', async () => 'new');
    expect(fresh.joined).toBe(false);
    release('old');
    expect(await old.promise).toBe('old');
    expect(await fresh.promise).toBe('new');
  });
});

describe('Semaphore', () => {
  it('never runs more than its limit at once', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });
});
