import { availableParallelism, hostname } from 'node:os';
import { Semaphore as RedisSemaphore } from 'redis-semaphore';
import { getConfig } from '../config';
import { isOutage } from '../errors';
import { getSessionRedis, type RedisClient } from '../redis/client';
import { sessionKeys } from '../redis/keys';

/*
 * Password hashes per machine, not per process: a machine's instances (three in `npm run scale-out`, one
 * per core or more in production) share one count in Redis, so a rush of sign-ins can take at most
 * MACHINE_HASH_SLOTS of the machine's cores, whatever the number of instances on it; the others stay with
 * the pages. redis-semaphore's Semaphore: a sorted set of holders with their start times, a slot expiring
 * by itself if its holder died (LOCK_MS, far above one hash), taken and freed by Lua in one step each.
 * Waiting for a slot is polling (every RETRY_MS) within the sign-in's short deadline.
 */

/** Slots per machine: half its cores (at least one), or PASSWORD_HASH_SLOTS. */
export function machineHashSlots(): number {
  return getConfig().PASSWORD_HASH_SLOTS ?? Math.max(1, Math.floor(availableParallelism() / 2));
}

const LOCK_MS = 10_000;
const RETRY_MS = 20;

/** What became of a wait for a machine slot. */
export type MachineSlot = { kind: 'held'; release: () => Promise<void> } | { kind: 'timed-out' };

/**
 * Waits at most `waitMs` for one of the machine's hash slots. When Redis cannot be asked, the process's own
 * bound (./password-checks.ts) is all there is: a slot that is not counted (and a logged line).
 */
export async function takeMachineSlot(
  waitMs: number,
  redis: RedisClient = getSessionRedis(),
  key: string = sessionKeys().hashSlots(getConfig().MACHINE_ID ?? hostname()),
  slots: number = machineHashSlots(),
): Promise<MachineSlot> {
  const semaphore = new RedisSemaphore(redis as never, key, slots, {
    lockTimeout: LOCK_MS,
    acquireTimeout: Math.max(1, waitMs),
    retryInterval: RETRY_MS,
    // One hash takes far less than a lock's life: no refresh timer per sign-in.
    refreshInterval: 0,
  });
  try {
    if (!(await semaphore.tryAcquire())) return { kind: 'timed-out' };
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(
      `password checks: machine slots unreadable: ${error instanceof Error ? error.message : error}`,
    );
    return { kind: 'held', release: async () => {} };
  }
  return {
    kind: 'held',
    release: () =>
      semaphore.release().catch((error: unknown) => {
        // The slot expires by itself within LOCK_MS.
        console.error(
          `password checks: slot not released: ${error instanceof Error ? error.message : error}`,
        );
      }),
  };
}
