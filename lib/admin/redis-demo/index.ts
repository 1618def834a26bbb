import 'server-only';
import { getFeaturedProducts } from '../../catalog';
import { slugSchema } from '../../catalog/query';
import { isOutage, RequestError } from '../../errors';
import { getRedis, waitForFirstConnection } from '../../redis/client';
import type { RequestContext } from '../../session/current';
import { withTrace } from '../../trace';
import { requireAdmin } from '../authorize';
import { describeCalls } from './describe';
import { capRunKeys, dropRun, loadRun, newRun, runPrefix, saveRun, type DemoRun } from './run-state';
import { cacheAside, invalidation, stampedeLock, ttlJitter } from './steps-cache';
import { hitRates, sessionHash } from './steps-session';
import { traceProductRead } from './trace-read';
import type { DemoView } from './types';

/*
 * The admin's Redis demo (/admin/redis-demo): the storefront's Redis patterns run step by step on keys of
 * the admin's own run, each command logged with its reply and latency as the tracer saw it leave the
 * shop's client (lib/trace.ts), and a traced product read. Every function checks the caller is an admin.
 */

const STEPS = [cacheAside, stampedeLock, ttlJitter, invalidation, sessionHash, hitRates];
/** Products a run works on (real ones, read only). */
const PRODUCTS = 10;
const FIRST_CONNECTION_MS = 1000;

async function demoRedis() {
  const redis = getRedis();
  // The shared client has no offline queue: a process that has just started waits for its first connection.
  await waitForFirstConnection(redis, FIRST_CONNECTION_MS);
  return redis;
}

async function productSlugs(): Promise<string[]> {
  const slugs = (await getFeaturedProducts(PRODUCTS)).map((product) => product.slug);
  if (slugs.length === 0)
    throw new RequestError(409, 'The catalog has no products in stock to run the demo on.');
  return slugs;
}

export async function getRedisDemo(ctx: RequestContext): Promise<DemoView> {
  const { userId } = await requireAdmin(ctx);
  const run = await loadRun(await demoRedis(), userId);
  return {
    runPrefix: run ? runPrefix(run) : null,
    steps: STEPS.map((step, index) => ({
      number: index + 1,
      title: step.title,
      explanation: step.explanation,
      summary: run?.summaries[index] ?? null,
    })),
    next: (run?.next ?? 0) + 1,
    log: run?.log ?? [],
    trace: run?.trace ?? null,
    products: run?.products ?? (await productSlugs()),
  };
}

async function runStep(run: DemoRun, index: number): Promise<void> {
  const step = STEPS[index];
  if (!step) return;
  const redis = await demoRedis();
  const prefix = runPrefix(run);
  // A step that fails keeps the commands it sent, and says why; an outage still fails the whole action.
  const { value, calls } = await withTrace(() =>
    step.run({ redis, prefix, products: run.products }).then(
      (summary) => ({ summary, error: undefined }),
      (error: unknown) => ({ summary: undefined, error }),
    ),
  );
  run.log.push(...describeCalls(calls, index + 1, prefix));
  if (value.error !== undefined && isOutage(value.error)) throw value.error;
  run.summaries[index] =
    value.summary ?? `Failed: ${value.error instanceof Error ? value.error.message : String(value.error)}`;
  run.next = index + 1;
}

/** Runs the next step ('step') or every step left ('rest'); starts a run when there is none. */
export async function advanceRedisDemo(ctx: RequestContext, how: 'step' | 'rest'): Promise<void> {
  const { userId } = await requireAdmin(ctx);
  const redis = await demoRedis();
  const run = (await loadRun(redis, userId)) ?? newRun(await productSlugs());
  const last = how === 'step' ? Math.min(run.next + 1, STEPS.length) : STEPS.length;
  try {
    while (run.next < last) await runStep(run, run.next);
  } finally {
    await saveRun(redis, userId, run);
    await capRunKeys(redis, run);
  }
}

/** Deletes the admin's run and every key it wrote; the next "Step" starts a new one. */
export async function resetRedisDemo(ctx: RequestContext): Promise<void> {
  const { userId } = await requireAdmin(ctx);
  const redis = await demoRedis();
  const run = await loadRun(redis, userId);
  if (run) await dropRun(redis, userId, run);
}

/** Traces a cold and two warm reads of the product `slug`, on the run's keys; kept with the run. */
export async function traceRedisDemoRead(ctx: RequestContext, slug: string): Promise<void> {
  const { userId } = await requireAdmin(ctx);
  if (!slugSchema.safeParse(slug).success) {
    throw new RequestError(400, 'Not a product slug', { slug: 'Lower-case letters, digits and dashes' });
  }
  const redis = await demoRedis();
  const run = (await loadRun(redis, userId)) ?? newRun(await productSlugs());
  try {
    run.trace = await traceProductRead(redis, runPrefix(run), slug);
  } finally {
    await saveRun(redis, userId, run);
    await capRunKeys(redis, run);
  }
}

export type * from './types';
