import { describe, expect, it } from 'vitest';
import { NoSlotError, Semaphore } from './semaphore';
import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one run between concurrent callers, and forgets it when settled', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    const task = async () => ++runs;
    const first = flights.run('k', task);
    const second = flights.run('k', task);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(flights.has('k')).toBe(false);
    expect(await flights.run('k', task)).toBe(2);
  });

  it('starts a new run after forget, without disturbing the old one', async () => {
    const flights = new SingleFlight<string>();
    let release: (value: string) => void = () => {};
    const old = flights.run('k', () => new Promise((resolve) => (release = resolve)));
    flights.forget('k');
    const fresh = flights.run('k', async () => 'new');
    release('old');
    expect(await old).toBe('old');
    expect(await fresh).toBe('new');
  });

  it('reports each joiner once when the flight turns into a wait, and later joiners as they join', async () => {
    const flights = new SingleFlight<string>();
    let waits = 0;
    let markWaiting: () => void = () => {};
    let release: (value: string) => void = () => {};
    const run = (mark: () => void) => {
      markWaiting = mark;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const onJoinerWaits = () => (waits += 1);
    const leader = flights.run('k', run, onJoinerWaits);
    const early = [1, 2].map(() => flights.run('k', run, onJoinerWaits));
    expect(waits).toBe(0); // a flight that has not begun to wait (a Redis hit, say) costs nothing
    markWaiting();
    markWaiting();
    expect(waits).toBe(2);
    const late = flights.run('k', run, onJoinerWaits);
    expect(waits).toBe(3);
    release('v');
    expect(await Promise.all([leader, ...early, late])).toEqual(['v', 'v', 'v', 'v']);
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

describe('Semaphore limits', () => {
  const hold = (ms: number) => () => new Promise((resolve) => setTimeout(resolve, ms));

  it('refuses at once past its waiting limit, and a waiter past its wait limit', async () => {
    const semaphore = new Semaphore(1);
    // The holder keeps its slot far longer than the bound below: only a waiter that gave up on its own limit
    // (50 ms) can be refused within it, on a machine busy enough to delay timers by a few hundred ms.
    const running = semaphore.run(hold(1500));
    const waiting = semaphore.run(hold(1), { maxWaiting: 1 });
    await expect(semaphore.run(hold(1), { maxWaiting: 1 })).rejects.toBeInstanceOf(NoSlotError);
    const started = Date.now();
    await expect(semaphore.run(hold(1), { maxWaitMs: 50 })).rejects.toBeInstanceOf(NoSlotError);
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all([running, waiting]);
    expect(semaphore.waiting).toBe(0);
  });
});
