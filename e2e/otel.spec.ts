import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../tooling/otlp-receiver';
import { deleteKeysWithPrefix, randomId } from '../tooling/run-env';
import { startInstance, type Instance } from './support/instances';
import { e2eEnv } from './support/run-env';
import { PASSWORD, productInStock, uniqueEmail } from './support/shopper';

/*
 * OpenTelemetry end to end: an instance with OTEL_EXPORTER_OTLP_ENDPOINT set sends its spans (JSON
 * protocol) to a receiver of the test's own, as it would to a collector. One product page that misses
 * the cache (a key prefix of its own: nothing cached) and one checkout, each one trace: Next.js's request
 * span at the root, the storefront's spans (cache, stock gate, checkout) and the Redis and PostgreSQL
 * client spans with the database conventions' attributes, under it.
 */

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const prefix = `${e2eEnv().REDIS_KEY_PREFIX}otel-${randomId()}:`;
let receiver: OtlpReceiver;
let instance: Instance;
let api: APIRequestContext;

test.beforeAll(async () => {
  receiver = await startOtlpReceiver();
  instance = await startInstance({
    REDIS_KEY_PREFIX: prefix,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Export within a fifth of a second instead of the default five.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  api = await playwrightRequest.newContext({ baseURL: instance.baseURL });
});

test.afterAll(async () => {
  await api?.dispose();
  await instance?.stop();
  await receiver?.stop();
  await deleteKeysWithPrefix(prefix);
});

const inTrace = (spans: ReceivedSpan[], traceId: string) => spans.filter((span) => span.traceId === traceId);

/**
 * Whether the trace of `span` has arrived whole: its root, and the parent of every span in it (a parent
 * ends after its children, so it may come in a later export).
 */
function wholeTraceOf(span: ReceivedSpan | undefined, spans: ReceivedSpan[]): boolean {
  if (!span) return false;
  const trace = inTrace(spans, span.traceId);
  const ids = new Set(trace.map((each) => each.spanId));
  return (
    trace.some((each) => each.parentSpanId === '') &&
    trace.every((each) => each.parentSpanId === '' || ids.has(each.parentSpanId))
  );
}

/** Whether `span` descends from `ancestor` (its parent, or its parent's…) within `trace`. */
function descendsFrom(span: ReceivedSpan, ancestor: ReceivedSpan, trace: ReceivedSpan[]): boolean {
  const byId = new Map(trace.map((each) => [each.spanId, each]));
  for (let at = byId.get(span.parentSpanId); at; at = byId.get(at.parentSpanId)) {
    if (at.spanId === ancestor.spanId) return true;
  }
  return false;
}

/** The trace's root: Next.js's span for the request (kind server), which every other span descends from. */
function rootOf(trace: ReceivedSpan[]): ReceivedSpan {
  const roots = trace.filter((span) => span.parentSpanId === '');
  expect(roots, roots.map((span) => span.name).join(', ')).toHaveLength(1);
  const root = roots[0]!;
  expect(root.kind).toBe(2);
  for (const span of trace) if (span !== root) expect(descendsFrom(span, root, trace), span.name).toBe(true);
  return root;
}

const serverSpan = (trace: ReceivedSpan[], name: string) =>
  trace.find((span) => span.kind === 2 && span.name === name);

const dbSpans = (trace: ReceivedSpan[], system: string) =>
  trace.filter((span) => span.attributes['db.system.name'] === system);

function expectDatabaseConventions(span: ReceivedSpan, port: number): void {
  expect(span.kind).toBe(3); // client
  expect(span.attributes['db.operation.name']).toEqual(expect.any(String));
  expect(span.attributes['db.query.summary']).toBe(span.name);
  expect(span.attributes['server.address']).toBe('127.0.0.1');
  expect(span.attributes['server.port']).toBe(port);
}

test('a product page that misses the cache is one trace, down to its SQL and Redis commands', async () => {
  const product = await productInStock(api, 31);
  const response = await api.get(`/products/${product.slug}`);
  expect(response.status()).toBe(200);

  const isMiss = (span: ReceivedSpan) =>
    span.name === 'cache.get' &&
    span.attributes['storefront.cache.namespace'] === 'product' &&
    span.attributes['storefront.cache.id'] === product.slug &&
    span.attributes['storefront.cache.result'] === 'miss';
  const spans = await receiver.waitFor((all) => wholeTraceOf(all.find(isMiss), all));
  const miss = spans.find(isMiss)!;
  const trace = inTrace(spans, miss.traceId);
  const root = rootOf(trace);
  expect(root.service).toBe('storefront');
  // Next.js names the request's span by its route (under the root when proxy.ts rewrote the request).
  expect(serverSpan(trace, 'GET /products/[slug]')).toBeDefined();

  // The miss loaded the product from PostgreSQL, under the load's own span.
  const load = trace.find((span) => span.name === 'cache.load' && descendsFrom(span, miss, trace));
  expect(load, trace.map((span) => span.name).join(', ')).toBeDefined();
  const statements = dbSpans(trace, 'postgresql').filter((span) => descendsFrom(span, load!, trace));
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    expectDatabaseConventions(statement, 5432);
    expect(statement.attributes['db.namespace']).toEqual(expect.stringMatching(/^storefront_e2e_/));
    expect(statement.attributes['db.query.text']).toEqual(expect.stringMatching(/^select /));
  }
  const summaries = statements.map((span) => String(span.attributes['db.query.summary']));
  expect(
    summaries.some((summary) => /^SELECT .*\bproducts\b/.test(summary)),
    summaries.join(', '),
  ).toBe(true);

  // And asked Redis first (the entry, then its lock), each command a span of its own.
  const commands = dbSpans(trace, 'redis').filter((span) => descendsFrom(span, miss, trace));
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) expectDatabaseConventions(command, 6379);
  expect(commands.map((span) => span.attributes['db.operation.name'])).toContain('GET');
});

test('a checkout is one trace: the request, the checkout, the stock gate, the transaction', async () => {
  const product = await productInStock(api, 32);
  const registered = await api.post('/api/auth/register', {
    data: { email: uniqueEmail('otel'), password: PASSWORD, name: 'Traced Shopper' },
  });
  expect(registered.status()).toBe(201);
  const added = await api.post('/api/cart/items', { data: { productId: product.id, quantity: 2 } });
  expect(added.status()).toBe(200);
  const placed = await api.post('/api/checkout', { headers: { 'Idempotency-Key': crypto.randomUUID() } });
  expect(placed.status()).toBe(201);
  const { orderId } = (await placed.json()) as { orderId: number };

  const isCheckout = (span: ReceivedSpan) =>
    span.name === 'checkout' && span.attributes['storefront.checkout.order_id'] === orderId;
  const spans = await receiver.waitFor((all) => wholeTraceOf(all.find(isCheckout), all));
  const checkout = spans.find(isCheckout)!;
  expect(checkout.attributes['storefront.checkout.result']).toBe('placed');
  const trace = inTrace(spans, checkout.traceId);
  const root = rootOf(trace);
  expect(root.service).toBe('storefront');
  const request = serverSpan(trace, 'POST /api/checkout');
  expect(request, trace.map((span) => span.name).join(', ')).toBeDefined();
  expect(descendsFrom(checkout, request!, trace)).toBe(true);

  // The stock gate held the units, with its Lua script on Redis under it.
  const take = trace.find((span) => span.name === 'stock.take');
  expect(take?.parentSpanId).toBe(checkout.spanId);
  expect(take?.attributes).toMatchObject({
    'storefront.stock.lines': 1,
    'storefront.stock.decision': 'held',
  });
  const gateScripts = dbSpans(trace, 'redis').filter((span) => descendsFrom(span, take!, trace));
  expect(gateScripts.map((span) => span.name)).toContain('EVALSHA takeStock');

  // Then the transaction: place_order, one statement, after the gate.
  const transaction = dbSpans(trace, 'postgresql').find((span) => span.name === 'SELECT place_order');
  expect(transaction, trace.map((span) => span.name).join(', ')).toBeDefined();
  expectDatabaseConventions(transaction!, 5432);
  expect(descendsFrom(transaction!, checkout, trace)).toBe(true);
  // Once the gate had answered. Span times can come in whole milliseconds, so a transaction opened in the
  // millisecond the gate's span ended has the same time: a strict "after" failed once in a full run.
  expect(transaction!.startNs).toBeGreaterThanOrEqual(take!.endNs);
  expect(transaction!.statusCode).not.toBe(2);

  // The holds were settled (kept) once the order was placed.
  const settle = trace.find((span) => span.name === 'stock.settle');
  expect(settle?.attributes).toMatchObject({ 'storefront.stock.give_back': false });
});
