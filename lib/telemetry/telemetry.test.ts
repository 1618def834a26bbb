import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId } from '@/tooling/run-env';
import { getDb, getSql } from '../db/client';
import { products } from '../db/schema';
import { RequestError } from '../errors';
import { getRedis, waitUntilReady } from '../redis/client';
import { disableSpans, enableSpans, inSpan, spansOn, summarizeSql } from './index';

// The spans of the two stores' wrapping points (lib/redis/traced.ts, lib/db/traced.ts) against the run's
// real Redis and PostgreSQL, recorded by the official SDK into memory.

describe('summarizeSql', () => {
  it.each([
    [
      'select "id", "slug" from "products" left join "categories" on "products"."category_id" = "categories"."id" where "products"."slug" = $1',
      'SELECT',
      'SELECT products categories',
    ],
    [
      'insert into "orders" ("user_id", "total_cents") values ($1, $2) returning "id"',
      'INSERT',
      'INSERT orders',
    ],
    ['update "products" set "stock" = "stock" - $1 where "id" = $2', 'UPDATE', 'UPDATE products'],
    [
      'delete from "cart_lines" where "user_id" in (select "id" from "users")',
      'DELETE',
      'DELETE cart_lines SELECT users',
    ],
    ['select order_id as "orderId" from place_order($1, $2, $3::int[])', 'SELECT', 'SELECT place_order'],
    [
      'with recent as (select * from "orders") select count(*) from recent',
      'SELECT',
      'SELECT orders SELECT recent',
    ],
    ['select \'from secrets\' as label from "public"."products"', 'SELECT', 'SELECT public.products'],
    ['begin isolation level serializable', 'BEGIN', 'BEGIN'],
  ])('%s → %s, %s', (text, operation, summary) => {
    expect(summarizeSql(text)).toEqual({ operation, summary });
  });
});

describe('database spans', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = new NodeSDK({
    serviceName: 'storefront-test',
    // No resource detection: its detectors settle asynchronously, and until they do SimpleSpanProcessor
    // holds ended spans back, so a span checked at once was sometimes not exported yet (seen in a run).
    resourceDetectors: [],
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    metricReaders: [],
    logRecordProcessors: [],
  });
  const key = `${process.env.REDIS_KEY_PREFIX}telemetry-${randomId()}`;

  beforeAll(() => waitUntilReady(getRedis(), 5000));
  afterAll(async () => {
    disableSpans();
    await sdk.shutdown();
    trace.disable();
    context.disable();
    await getRedis().del(key);
  });

  const named = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);
  const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

  it('makes no span at all while off, however the stores are used', async () => {
    expect(spansOn()).toBe(false);
    await inSpan('work', {}, async (span) => {
      expect(span).toBeUndefined();
      await getRedis().get(key);
      await getSql()`select 1`;
    });
    sdk.start();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('makes a client span per Redis command and SQL statement, under the caller’s span', async () => {
    enableSpans();
    await inSpan('work', { 'test.case': 'stores' }, async () => {
      await getRedis().set(key, 'v', 'EX', 60);
      await getDb().select({ id: products.id }).from(products).limit(1);
      await getSql()`select count(*) from products where id > ${0}`;
      await getDb().transaction(async (tx) => {
        await tx.select({ slug: products.slug }).from(products).limit(1);
      });
    });
    const [work] = named('work');
    expect(work?.attributes['test.case']).toBe('stores');
    const workId = work?.spanContext().spanId;

    const [set] = named('SET');
    expect(set?.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(set)).toBe(workId);
    expect(set?.attributes).toMatchObject({
      'db.system.name': 'redis',
      'db.operation.name': 'SET',
      'db.query.summary': 'SET',
      'server.address': '127.0.0.1',
      'server.port': 6379,
    });
    // Keys and values never go into a span.
    expect(JSON.stringify(set?.attributes)).not.toContain(key);

    const selects = named('SELECT products');
    // Drizzle's select, the tagged template's count, and the transaction's select.
    expect(selects).toHaveLength(3);
    for (const select of selects) {
      expect(select.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(select)).toBe(workId);
      expect(select.attributes).toMatchObject({
        'db.system.name': 'postgresql',
        'db.operation.name': 'SELECT',
        'db.query.summary': 'SELECT products',
        'db.namespace': new URL(process.env.DATABASE_URL!).pathname.slice(1),
        'server.address': '127.0.0.1',
        'server.port': 5432,
      });
    }
    // Parameterized text only: the tagged template's value is a placeholder.
    expect(selects.map((span) => span.attributes['db.query.text'])).toContain(
      'select count(*) from products where id > $1',
    );
  });

  it('marks a failed command or statement with what the server answered', async () => {
    exporter.reset();
    await expect(getSql()`select * from no_such_table`).rejects.toThrow();
    await expect(getRedis().incr(`${key}`)).rejects.toThrow(/not an integer/);
    const [statement] = named('SELECT no_such_table');
    expect(statement?.status.code).toBe(SpanStatusCode.ERROR);
    expect(statement?.attributes).toMatchObject({
      'db.response.status_code': '42P01',
      'error.type': '42P01',
    });
    const [incr] = named('INCR');
    expect(incr?.status.code).toBe(SpanStatusCode.ERROR);
    expect(incr?.attributes['db.response.status_code']).toBe('ERR');
  });

  it('ends a span in error on a bug or an outage, not on a refusal the caller can act on', async () => {
    exporter.reset();
    await expect(
      inSpan('refused', {}, () => Promise.reject(new RequestError(409, 'sold out'))),
    ).rejects.toThrow('sold out');
    await expect(inSpan('broken', {}, () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    expect(named('refused')[0]?.status.code).toBe(SpanStatusCode.UNSET);
    const [broken] = named('broken');
    expect(broken?.status.code).toBe(SpanStatusCode.ERROR);
    expect(broken?.attributes['error.type']).toBe('TypeError');
    expect(broken?.events.map((event) => event.name)).toContain('exception');
  });
});
