import type { QueueStatus } from '@/lib/queue';

/*
 * The line's page in words, and when its follower asks the server again: plain functions, shared by the
 * server's render and the browser's updates (./line-follower.tsx), and tested on their own.
 */

/** A status as the page holds it: the contract's, plus whether the line is paused (Redis away). */
export type LineState = QueueStatus & { paused: boolean };

/** "Less than a minute", "About 3 minutes", "About 1 hour 20 minutes". */
export function waitText(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return 'Less than a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = `${hours} hour${hours === 1 ? '' : 's'}`;
  return `About ${hourText}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * "Admitted through place N": the stream's reading when it has one (the freshest), else what the last
 * status implies (a waiting shopper's place less those still ahead).
 */
export function frontOf(state: LineState, streamed: number | null): number | null {
  if (streamed !== null) return streamed;
  if (state.status === 'waiting' && state.position !== null && state.ahead !== null) {
    return state.position - state.ahead - 1;
  }
  return null;
}

/** Places still ahead of this one, with the stream's front when it is fresher than the last status. */
export function aheadOf(state: LineState, front: number | null): number | null {
  if (state.status !== 'waiting' || state.position === null) return state.ahead;
  if (front === null) return state.ahead;
  return Math.max(0, Math.min(state.ahead ?? Infinity, state.position - front - 1));
}

/**
 * Whether the sale's event stream brings news worth asking the server about (one GET, not a poll): the
 * front reached a waiting shopper's place (their turn, most likely), or the places were drawn while the
 * page still says "registered". A change of the sale's status is the follower's to notice.
 */
export function turnMayHaveCome(state: LineState, front: number | null): boolean {
  if (front === null) return false;
  if (state.status === 'registered') return true;
  return state.status === 'waiting' && state.position !== null && front >= state.position;
}

/**
 * The page's meta refresh without JavaScript (seconds), at the interval the server asks; null where the
 * page will not change by itself (the shopper's turn: they press "Go to the product"; the line is over).
 */
export function refreshSeconds(state: LineState): number | null {
  if (state.status === 'admitted' || state.status === 'ended') return null;
  return state.retryAfterSeconds;
}
