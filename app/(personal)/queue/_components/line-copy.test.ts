import { describe, expect, it } from 'vitest';
import { aheadOf, frontOf, refreshSeconds, turnMayHaveCome, waitText, type LineState } from './line-copy';

// The line's page in words, and when its follower asks the server: plain functions.

const state = (overrides: Partial<LineState>): LineState => ({
  status: 'waiting',
  position: 40,
  ahead: 9,
  estimatedWaitSeconds: 300,
  retryAfterSeconds: 20,
  paused: false,
  ...overrides,
});

describe("the line's page", () => {
  it('says how long, rounded up to the minute', () => {
    expect(waitText(null)).toBeNull();
    expect(waitText(0)).toBe('Less than a minute');
    expect(waitText(59)).toBe('Less than a minute');
    expect(waitText(60)).toBe('About 1 minute');
    expect(waitText(61)).toBe('About 2 minutes');
    expect(waitText(3600)).toBe('About 1 hour');
    expect(waitText(3600 + 20 * 60)).toBe('About 1 hour 20 minutes');
    expect(waitText(2 * 3600 + 60)).toBe('About 2 hours 1 minute');
  });

  it("shows the stream's front when it has one, else the one the last status implies", () => {
    expect(frontOf(state({}), null)).toBe(30); // 40 less 9 ahead, less itself
    expect(frontOf(state({}), 35)).toBe(35);
    expect(frontOf(state({ status: 'registered', position: null, ahead: null }), null)).toBeNull();
    expect(aheadOf(state({}), 35)).toBe(4);
    // A stream behind the last status never adds places ahead; past the place, none are ahead.
    expect(aheadOf(state({}), 20)).toBe(9);
    expect(aheadOf(state({}), 45)).toBe(0);
    expect(aheadOf(state({ status: 'admitted', ahead: 0 }), 45)).toBe(0);
  });

  it('asks the server when the front reaches the place, or when places are drawn', () => {
    expect(turnMayHaveCome(state({}), null)).toBe(false);
    expect(turnMayHaveCome(state({}), 39)).toBe(false);
    expect(turnMayHaveCome(state({}), 40)).toBe(true);
    expect(turnMayHaveCome(state({ status: 'registered', position: null }), null)).toBe(false);
    expect(turnMayHaveCome(state({ status: 'registered', position: null }), 5)).toBe(true);
    // Already answered: admitted, or the turn has passed.
    expect(turnMayHaveCome(state({ status: 'admitted' }), 41)).toBe(false);
    expect(turnMayHaveCome(state({ status: 'ended' }), 41)).toBe(false);
  });

  it('refreshes itself without JavaScript at the asked interval, until nothing will change by itself', () => {
    expect(refreshSeconds(state({}))).toBe(20);
    expect(refreshSeconds(state({ status: 'registered', retryAfterSeconds: 60 }))).toBe(60);
    expect(refreshSeconds(state({ status: 'sold_out', retryAfterSeconds: 60 }))).toBe(60);
    expect(refreshSeconds(state({ status: 'admitted' }))).toBeNull();
    expect(refreshSeconds(state({ status: 'ended' }))).toBeNull();
  });
});
