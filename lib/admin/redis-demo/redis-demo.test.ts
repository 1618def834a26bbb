import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_SHOPPER, productAt, signedIn } from '@/tooling/vitest/admin';
import { deleteKeysWithPrefix, randomId } from '@/tooling/run-env';
import { getRedis, waitUntilReady } from '../../redis/client';
import { escapeGlob } from '../../redis/keys';
import { traceCall, withTrace } from '../../trace';
import { advanceRedisDemo, getRedisDemo, resetRedisDemo, traceRedisDemoRead } from './index';
import { traceProductRead } from './trace-read';

// The demo against the run's real Redis and PostgreSQL (read only: it writes no catalog row).

beforeAll(() => waitUntilReady(getRedis(), 5000));

describe('the tracer', () => {
  it('records nothing when no trace runs, and only its own caller’s commands when one does', async () => {
    expect(traceCall('redis', 'GET', ['k'])).toBeUndefined();
    const redis = getRedis();
    const key = (name: string) => `${process.env.REDIS_KEY_PREFIX}trace-${randomId()}:${name}`;
    const [inside, outside] = [key('inside'), key('outside')];
    const traced = withTrace(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return redis.get(inside);
    });
    await redis.get(outside); // sent while the trace runs, from another context
    const { calls } = await traced;
    expect(calls.map((call) => [call.layer, call.name, call.args])).toEqual([['redis', 'GET', [inside]]]);
    expect(calls[0]?.durationMs).toBeGreaterThan(0);
    expect(calls[0]?.reply).toBeNull();
  });

  it('shows a cold read’s lock, SQL and write; the warm read nothing from L1, then one GET from Redis', async () => {
    const { slug } = await productAt(0);
    const prefix = `${process.env.REDIS_KEY_PREFIX}demo-test-${randomId()}:`;
    const trace = await traceProductRead(getRedis(), prefix, slug);
    const cold = trace.cold.lines.map((line) => line.command);
    const at = (pattern: RegExp) => cold.findIndex((command) => pattern.test(command));
    expect(at(/^GET ~cache:product:/)).toBe(0);
    expect(at(/^EVALSHA acquire-lock \[SET GET\]/)).toBeGreaterThan(0);
    expect(at(/^select .* from "products"/)).toBeGreaterThan(at(/acquire-lock/));
    expect(trace.cold.lines.filter((line) => line.layer === 'sql')).toHaveLength(4);
    expect(at(/^EVALSHA write-if-generation/)).toBeGreaterThan(at(/^select/));
    expect(trace.cold.lines.every((line) => line.ms !== null)).toBe(true);
    expect(trace.warmL1.lines).toEqual([]);
    expect(trace.warmRedis.lines.map((line) => line.command)).toEqual([`GET ~${`cache:product:{${slug}}`}`]);
    await deleteKeysWithPrefix(prefix);
  });
});

describe('the demo run', () => {
  it('runs every step, logs each command with its reply, and leaves no key without a TTL', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    await resetRedisDemo(admin.request());
    await advanceRedisDemo(admin.request(), 'step');
    await advanceRedisDemo(admin.request(), 'step');
    expect((await getRedisDemo(admin.request())).next).toBe(3);
    await advanceRedisDemo(admin.request(), 'rest');
    await traceRedisDemoRead(admin.request(), (await productAt(1)).slug);
    const view = await getRedisDemo(admin.request());
    expect(view.next).toBe(7);
    expect(view.steps.every((step) => step.summary && !step.summary.startsWith('Failed'))).toBe(true);
    for (const name of ['GET', 'SET', 'HSET', 'DEL', 'INFO']) {
      expect(view.log.some((line) => new RegExp(`\\b${name}\\b`).test(line.command))).toBe(true);
    }
    expect(view.log.every((line) => line.reply !== '' && line.ms !== null)).toBe(true);

    // Every demo key (the run's state and every key the run wrote): none without a TTL, none past 10 min.
    const keys = await getRedis().keys(`${escapeGlob(`${process.env.REDIS_KEY_PREFIX}demo:`)}*`);
    expect(keys.filter((key) => key.startsWith(view.runPrefix!)).length).toBeGreaterThan(10);
    const ttls = await Promise.all(keys.map((key) => getRedis().pttl(key)));
    expect(ttls.filter((ttl) => !(ttl > 0 && ttl <= 600_000))).toEqual([]);

    await resetRedisDemo(admin.request());
    expect(await getRedis().keys(`${escapeGlob(view.runPrefix!)}*`)).toEqual([]);
  });

  it('is for admins only', async () => {
    const shopper = await signedIn(DEMO_SHOPPER);
    await expect(getRedisDemo(shopper.request())).rejects.toMatchObject({ status: 403 });
    await expect(advanceRedisDemo(shopper.request(), 'rest')).rejects.toMatchObject({ status: 403 });
  });
});
