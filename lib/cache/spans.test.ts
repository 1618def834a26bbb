import { context, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteKeysWithPrefix } from '@/tooling/run-env';
import { eventually, sleep, testPrefix } from '@/tooling/vitest/cache/harness';
import { createRedisClient, createSubscriberClient, waitUntilReady, type RedisClient } from '../redis/client';
import { disableSpans, enableSpans, inSpan } from '../telemetry';
import { CacheEngine } from './engine';
import { cacheKey } from './key';

// The engine's spans (./spans.ts) on the run's Redis, recorded by the official SDK into memory: a miss
// that loads, the reads that waited on its load, then a hit from each tier.

const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  // No resource detection: its detectors settle asynchronously, and until they do SimpleSpanProcessor holds
  // ended spans back, so on a loaded machine the spans were not exported yet when read (a fresh-clone run
  // found none), as lib/telemetry/telemetry.test.ts saw first.
  resourceDetectors: [],
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  metricReaders: [],
  logRecordProcessors: [],
});
const keyPrefix = testPrefix();
const target = { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' };
let redis: RedisClient;

beforeAll(async () => {
  redis = createRedisClient({ target });
  await waitUntilReady(redis, 5000);
  sdk.start();
  enableSpans();
});

afterAll(async () => {
  disableSpans();
  await sdk.shutdown();
  trace.disable();
  context.disable();
  await deleteKeysWithPrefix(keyPrefix, redis);
  await redis.quit();
});

const childrenOf = (parent: ReadableSpan, spans: ReadableSpan[]) =>
  spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

it('notes each read’s outcome and tier, its load, and the reads that waited for it', async () => {
  // With its bus, so its in-process tier (L1) is on.
  const engine = new CacheEngine({ redis, keyPrefix, subscriber: createSubscriberClient({ target }) });
  await eventually(() => engine.status().bus === 'up', 5000, 'the bus');
  exporter.reset();
  const key = cacheKey('product', 'traced');
  const loader = async () => {
    await sleep(50);
    return { name: 'Traced' };
  };
  // Three readers at once: one loads, two wait on its load.
  await Promise.all(
    [1, 2, 3].map((reader) => inSpan(`reader ${reader}`, {}, () => engine.getOrLoad(key, loader))),
  );
  const other = new CacheEngine({ redis, keyPrefix }); // no L1 of its own: answered from Redis
  await inSpan('later', {}, async () => {
    await engine.getOrLoad(key, loader);
    await other.getOrLoad(key, loader);
  });
  await Promise.all([engine.close(), other.close()]);

  const spans = exporter.getFinishedSpans();
  const reads = spans.filter((span) => span.name === 'cache.get');
  expect(reads).toHaveLength(5);
  for (const read of reads) {
    expect(read.attributes).toMatchObject({
      'storefront.cache.namespace': 'product',
      'storefront.cache.id': 'traced',
    });
  }
  const first = reads.slice(0, 3);
  const [loaded, ...waited] = [
    ...first.filter((read) => childrenOf(read, spans).some((span) => span.name === 'cache.load')),
    ...first.filter((read) => !childrenOf(read, spans).some((span) => span.name === 'cache.load')),
  ];
  expect(loaded?.attributes['storefront.cache.result']).toBe('miss');
  // The load's Redis commands (the lock, the write) are the read's children; the loader's own span too.
  expect(childrenOf(loaded!, spans).map((span) => span.name)).toEqual(
    expect.arrayContaining(['GET', 'EVALSHA acquire-lock', 'cache.load', 'EVALSHA write-if-generation']),
  );
  expect(waited).toHaveLength(2);
  for (const read of waited) {
    expect(read.events.map((event) => event.name)).toContain('cache.lock_wait');
    expect(read.attributes['storefront.cache.result']).toBe('miss');
  }
  const [fromL1, fromRedis] = reads.slice(3);
  expect(fromL1?.attributes).toMatchObject({
    'storefront.cache.result': 'hit',
    'storefront.cache.tier': 'l1',
  });
  expect(childrenOf(fromL1!, spans)).toEqual([]);
  expect(fromRedis?.attributes).toMatchObject({
    'storefront.cache.result': 'hit',
    'storefront.cache.tier': 'l2',
  });
  expect(childrenOf(fromRedis!, spans).map((span) => span.name)).toEqual(['GET']);
});
