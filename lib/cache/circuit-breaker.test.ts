import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

function breaker() {
  let now = 0;
  const changes: string[] = [];
  const instance = new CircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 1000,
    now: () => now,
    onChange: (state) => changes.push(state),
  });
  return { instance, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after consecutive failures only', () => {
    const { instance } = breaker();
    instance.failure();
    instance.failure();
    instance.success();
    instance.failure();
    instance.failure();
    expect(instance.state).toBe('closed');
    instance.failure();
    expect(instance.state).toBe('open');
    expect(instance.tryAcquire()).toBe(false);
  });

  it('lets one probe through after the cool-down, and closes on its success', () => {
    const { instance, changes, advance } = breaker();
    for (let i = 0; i < 3; i += 1) instance.failure();
    advance(999);
    expect(instance.tryAcquire()).toBe(false);
    advance(1);
    expect(instance.tryAcquire()).toBe(true);
    expect(instance.tryAcquire()).toBe(false); // one probe at a time
    instance.success();
    expect(instance.state).toBe('closed');
    expect(instance.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for a whole cool-down when the probe fails', () => {
    const { instance, advance } = breaker();
    for (let i = 0; i < 3; i += 1) instance.failure();
    advance(1000);
    expect(instance.tryAcquire()).toBe(true);
    instance.failure();
    expect(instance.state).toBe('open');
    advance(500);
    expect(instance.tryAcquire()).toBe(false);
  });
});
