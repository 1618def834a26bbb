import type { RedisClient } from '../../redis/client';
import { defaultStaleMs, type TtlPolicy } from '../../cache/internals';

/** What every demo step shares. */

interface StepContext {
  /** The storefront's shared command client (getRedis()): the same connection shoppers' reads use. */
  redis: RedisClient;
  /** The run's key prefix: every key a step writes starts with it (lib/redis/keys.ts, demoKeys). */
  prefix: string;
  /** Real product slugs, at least one: the demo reads the catalog, never writes it. */
  products: readonly string[];
}

export interface Step {
  title: string;
  explanation: string;
  /** Runs the step's commands and says what they measured. */
  run(context: StepContext): Promise<string>;
}

/** No key of a run outlives this (the run's state neither). */
export const DEMO_TTL_MS = 10 * 60_000;

/**
 * The storefront's TTL rule at the demo's scale: 300 s ± 25 s is CACHE_TTL_SECONDS ± CACHE_TTL_JITTER_SECONDS
 * (3600 ± 300 by default) divided by twelve, so the spread looks the same and nothing lives long.
 */
const TTL_MS = 300_000;
const JITTER_MS = 25_000;
export const DEMO_TTL_POLICY: TtlPolicy = {
  ttlMs: TTL_MS,
  jitterMs: JITTER_MS,
  staleMs: defaultStaleMs(TTL_MS, JITTER_MS),
  briefTtlMs: 60_000,
};

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export function firstProduct(products: readonly string[], index = 0): string {
  const slug = products[index % products.length];
  if (slug === undefined) throw new Error('the demo needs at least one product');
  return slug;
}
