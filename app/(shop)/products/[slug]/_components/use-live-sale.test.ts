import { describe, expect, it } from 'vitest';
import { formatCountdown } from './use-live-sale';

describe('formatCountdown', () => {
  it('counts to the second, rounding up, so it reads 00:00:00 only at the start', () => {
    expect(formatCountdown(0)).toBe('00:00:00');
    expect(formatCountdown(1)).toBe('00:00:01');
    expect(formatCountdown(5_000)).toBe('00:00:05');
    expect(formatCountdown(3_600_000 + 61_000)).toBe('01:01:01');
    expect(formatCountdown(2 * 86_400_000 + 3_000)).toBe('2d 00:00:03');
  });
});
